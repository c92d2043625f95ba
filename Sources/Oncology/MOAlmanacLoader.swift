import Foundation
import Support

/// Reads the Molecular Oncology Almanac's legacy flat file (`molecular-oncology-almanac.json`, a
/// JSON list of assertions) from a path the user gives. MOAlmanac is GPL-2.0 with a research-use
/// disclaimer: Consilium ships no copy; its tests use a fixture in the same schema written from
/// public FDA label facts.
///
/// Fields read (all others ignored): feature_type, gene, gene1, gene2, protein_change,
/// variant_annotation, direction, status, classification, disease (oncotree_term when disease is
/// empty, as in the newest assertions), oncotree_code,
/// therapy_name ("A + B"), therapy_sensitivity, therapy_resistance, predictive_implication,
/// pmid, nct, url, assertion_id, _deprecated. Numbers and strings are both accepted where the
/// file mixes them (pmid, therapy_sensitivity). Deprecated assertions and those without a therapy
/// (prognostic, diagnostic) are counted, not loaded.
public enum MOAlmanacLoader {
    public struct Result: Sendable {
        public let rows: [KBRow]
        public let skippedDeprecated: Int
        public let skippedWithoutTherapy: Int
    }

    static let levels: [String: EvidenceLevel] = [
        "FDA-Approved": .approved, "Guideline": .guideline, "Clinical evidence": .clinical,
        "Clinical trial": .trial, "Inferential": .inferential, "Preclinical": .preclinical,
    ]

    public static func read(path: String) throws -> Result {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read: \(error.localizedDescription)")
        }
        return try read(data: data, source: (path as NSString).lastPathComponent)
    }

    public static func read(data: Data, source: String) throws -> Result {
        let document = try PatientCaseJSON.parse(data: data, source: source)
        guard let items = document.arrayValue else {
            let hint = document["content"] != nil || document["statements"] != nil
                ? " (this looks like the GA4GH-style 'referenced' draft; give molecular-oncology-almanac.json)" : ""
            throw OncologyInputError(source: source, location: "$",
                                     reason: "expected a JSON list of assertions (MOAlmanac's molecular-oncology-almanac.json), found \(document.typeName)\(hint)")
        }
        let errors = JSONErrorSink(source: source)
        var rows: [KBRow] = []
        var deprecated = 0
        var withoutTherapy = 0
        for (i, item) in items.enumerated() {
            let path = "$[\(i)]"
            guard case .object = item else { errors.add(path, "expected object, found \(item.typeName)"); continue }
            if item["_deprecated"]?.boolValue == true { deprecated += 1; continue }
            let therapy = text(item["therapy_name"]).map { $0.components(separatedBy: " + ").map(\.trimmingSpaces).filter { !$0.isEmpty } } ?? []
            if therapy.isEmpty { withoutTherapy += 1; continue }
            guard let id = text(item["assertion_id"]) else { errors.add("\(path).assertion_id", "missing"); continue }
            guard let implication = text(item["predictive_implication"]), let level = levels[implication] else {
                errors.add("\(path).predictive_implication",
                           "expected one of \(levels.keys.sorted().joined(separator: ", ")), found \(item["predictive_implication"]?.description ?? "nothing")")
                continue
            }
            guard let featureType = text(item["feature_type"]) else { errors.add("\(path).feature_type", "missing"); continue }
            let feature: KBFeature
            switch readFeature(featureType, item) {
            case .success(let f): feature = f
            case .failure(let failure): errors.add("\(path).\(failure.field)", failure.reason); continue
            }
            let direction: EffectDirection = text(item["therapy_resistance"]) == "1" ? .resistant
                : text(item["therapy_sensitivity"]) == "1" ? .sensitive
                : text(item["therapy_sensitivity"]) == "0" ? .notSensitive : .unspecified
            rows.append(KBRow(
                source: .moalmanac, rowID: "moalmanac:\(id)", feature: feature,
                origin: featureType == "Germline Variant" ? .germline : featureType == "Somatic Variant" ? .somatic : .unknown,
                disease: text(item["disease"]) ?? text(item["oncotree_term"]) ?? "", oncoTreeCode: text(item["oncotree_code"]), therapy: therapy,
                evidence: level, sourceLevel: implication, direction: direction,
                pmids: text(item["pmid"]).map { [$0] } ?? [], ncts: text(item["nct"]).map { [$0] } ?? [], url: text(item["url"])))
        }
        try errors.throwIfAny()
        return Result(rows: rows, skippedDeprecated: deprecated, skippedWithoutTherapy: withoutTherapy)
    }

    struct Failure: Error { let field: String; let reason: String }

    static func readFeature(_ type: String, _ item: JSONValue) -> Swift.Result<KBFeature, Failure> {
        func gene(_ key: String) -> Swift.Result<GeneSymbol, Failure> {
            guard let t = text(item[key]), let g = GeneSymbol(t) else {
                return .failure(Failure(field: key, reason: "expected a gene symbol, found \(item[key]?.description ?? "nothing")"))
            }
            return .success(g)
        }
        switch type {
        case "Somatic Variant", "Germline Variant":
            return gene("gene").flatMap { g in
                guard let change = text(item["protein_change"]) else {
                    return .success(.variant(gene: g, protein: nil, variantClass: text(item["variant_annotation"])))
                }
                guard let protein = ProteinChange(parsing: change) else {
                    if let (residue, position) = ProteinChange.codon(change) { return .success(.codon(gene: g, residue: residue, position: position)) }
                    return .failure(Failure(field: "protein_change", reason: "\"\(change)\" is not a protein change or a codon"))
                }
                return .success(.variant(gene: g, protein: protein, variantClass: text(item["variant_annotation"])))
            }
        case "Copy Number":
            return gene("gene").map { .copyNumber(gene: $0, change: text(item["direction"]).flatMap { CopyNumberChange(rawValue: $0.lowercased()) }) }
        case "Rearrangement":
            let partners = [text(item["gene1"]), text(item["gene2"])].compactMap { $0 }.compactMap(GeneSymbol.init)
            guard !partners.isEmpty else { return .failure(Failure(field: "gene1", reason: "a rearrangement needs gene1 or gene2")) }
            return .success(.fusion(partners: partners))
        case "Mutational Burden":
            return .success(text(item["classification"]) == "High" ? .tmbHigh : .other("Mutational Burden \(text(item["classification"]) ?? "")"))
        case "Microsatellite Stability":
            return .success(text(item["status"]) == "MSI-High" ? .msiHigh : .other("Microsatellite \(text(item["status"]) ?? "")"))
        default:
            return .success(.other(type))
        }
    }

    /// A member as text: strings trimmed, whole numbers without a fraction; "" and null are nil.
    static func text(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?: let t = s.trimmingSpaces; return t.isEmpty ? nil : t
        case .number?: return value?.intValue.map(String.init) ?? value?.description
        case .bool(let b)?: return b ? "1" : "0"
        default: return nil
        }
    }
}
