import Foundation
import Support

/// The project's case file: `{"format": "consilium.tumorboard.cases", "version": 1, "cases": [...]}`,
/// described in Benchmarks/tumorboard/README.md. Reading reports every problem at once, each with
/// its JSON path; nothing is dropped or guessed.
public enum PatientCaseJSON {
    public static let format = "consilium.tumorboard.cases"
    public static let version = 1

    /// The file's cases, or `OncologyInputErrors` naming every malformed field.
    public static func read(path: String) throws -> [PatientCase] {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read: \(error.localizedDescription)")
        }
        return try read(data: data, source: (path as NSString).lastPathComponent)
    }

    public static func read(data: Data, source: String = "<json>") throws -> [PatientCase] {
        let document = try parse(data: data, source: source)
        let errors = JSONErrorSink(source: source)
        guard let root = JSONFields(document, path: "$", errors: errors) else { try errors.throwIfAny(); return [] }
        checkHeader(root, format: format, version: version)
        _ = root.string("source")
        _ = root.string("licence")
        var cases: [PatientCase] = []
        var seen: [String: Int] = [:]
        for (i, item) in (root.array("cases", required: true) ?? []).enumerated() {
            // Ids are checked even on cases that fail, so a duplicate is named in the same round.
            if let id = item["id"]?.stringValue {
                if let first = seen[id] {
                    errors.add("$.cases[\(i)].id", "duplicate case id \"\(id)\" (first at $.cases[\(first)])")
                } else {
                    seen[id] = i
                }
            }
            if let parsed = readCase(item, path: "$.cases[\(i)]", errors: errors) { cases.append(parsed) }
        }
        root.rejectUnknown()
        try errors.throwIfAny()
        return cases
    }

    /// One case object, e.g. an element of a flow's input.
    public static func readCase(_ value: JSONValue, source: String = "<json>") throws -> PatientCase {
        let errors = JSONErrorSink(source: source)
        let parsed = readCase(value, path: "$", errors: errors)
        try errors.throwIfAny()
        guard let parsed else { throw OncologyInputErrors(errors.errors) }
        return parsed
    }

    static func parse(data: Data, source: String) throws -> JSONValue {
        do { return try JSONValue(parsing: data) } catch let error as JSONParseError {
            let location = TextLocation(offset: error.offset, in: [UInt8](data))
            throw OncologyInputError(source: source, location: "line \(location.line), column \(location.column)",
                                     reason: "not JSON: \(error.reason)")
        }
    }

    static func checkHeader(_ root: JSONFields, format: String, version: Int) {
        if let found = root.string("format", required: true), found != format {
            root.fail("format", "expected \"\(format)\", found \"\(found)\"")
        }
        if let found = root.integer("version"), found != version {
            root.fail("version", "expected \(version), found \(found) (this reader knows version \(version) only)")
        } else if root.value("version") == nil {
            root.fail("version", "missing (an integer is required)")
        }
    }

    // MARK: Cases

    static func readCase(_ value: JSONValue, path: String, errors: JSONErrorSink) -> PatientCase? {
        guard let fields = JSONFields(value, path: path, errors: errors) else { return nil }
        let before = errors.errors.count
        let id = fields.string("id", required: true)
        let tumor = readTumor(fields, errors: errors)
        let stage = fields.string("stage")
        let priorLines = fields.strings("prior_lines") ?? []
        let assay = fields.string("assay")
        let purity = fields.number("tumor_purity", in: 0...1, unit: " (a fraction, not a percentage)")
        let tmb = fields.number("tmb", in: 0...10_000, unit: " mutations/Mb")
        let msi = fields.choice("msi", MicrosatelliteStatus.self)
        let age = fields.integer("age")
        let sex = fields.string("sex")
        var alterations: [Alteration] = []
        if let items = fields.array("alterations", required: true) {
            if items.isEmpty { fields.fail("alterations", "empty: a case needs at least one alteration") }
            for (i, item) in items.enumerated() {
                if let alteration = readAlteration(item, path: "\(fields.child("alterations"))[\(i)]", errors: errors) {
                    alterations.append(alteration)
                }
            }
        }
        fields.rejectUnknown()
        guard errors.errors.count == before, let id, let tumor else { return nil }
        return PatientCase(id: id, tumor: tumor, stage: stage, priorLines: priorLines, assay: assay, tumorPurity: purity,
                           tumorMutationalBurden: tmb, microsatelliteStatus: msi, age: age, sex: sex, alterations: alterations)
    }

    private static func readTumor(_ fields: JSONFields, errors: JSONErrorSink) -> TumorType? {
        guard let value = fields.value("tumor") else { fields.fail("tumor", "missing (an object with \"text\" is required)"); return nil }
        guard let tumor = JSONFields(value, path: fields.child("tumor"), errors: errors) else { return nil }
        let text = tumor.string("text", required: true)
        let code = tumor.string("oncotree")
        tumor.rejectUnknown()
        guard let text else { return nil }
        if let code {
            guard OncoTree.node(code: code) != nil else {
                tumor.fail("oncotree", "unknown OncoTree code \"\(code)\" (not in the table in Sources/Oncology/OncoTree.swift; add its row)")
                return nil
            }
            return TumorType(text: text, oncoTreeCode: code.uppercased())
        }
        guard let mapped = TumorType(mapping: text) else {
            tumor.fail("text", "unknown tumor type \"\(text)\": no OncoTree code for it; give \"oncotree\" explicitly")
            return nil
        }
        return mapped
    }

    // MARK: Alterations

    static func readAlteration(_ value: JSONValue, path: String, errors: JSONErrorSink) -> Alteration? {
        guard let fields = JSONFields(value, path: path, errors: errors) else { return nil }
        let before = errors.errors.count
        let type = fields.string("type", required: true)
        let origin = fields.choice("origin", AlterationOrigin.self) ?? .unknown
        let vaf = fields.number("vaf", in: 0...1, unit: " (a fraction, not a percentage)")
        let significance = fields.choice("significance", VariantSignificance.self) ?? .notAssessed
        let label = fields.string("label")
        var kind: AlterationKind?
        switch type {
        case "variant": kind = readVariant(fields)
        case "copy_number":
            let gene = gene(fields, "gene")
            let change = fields.choice("direction", CopyNumberChange.self, required: true)
            let copies = fields.number("copies", in: 0...10_000)
            if let gene, let change { kind = .copyNumber(gene: gene, change: change, copies: copies) }
        case "fusion":
            var partners: [GeneSymbol] = []
            let items = fields.array("partners", required: true) ?? []
            if fields.value("partners") != nil, items.isEmpty { fields.fail("partners", "empty: a fusion needs at least one partner gene") }
            for (i, item) in items.enumerated() {
                guard let text = item.stringValue, let symbol = GeneSymbol(text) else {
                    errors.add("\(fields.child("partners"))[\(i)]", "expected a gene symbol, found \(item)")
                    continue
                }
                partners.append(symbol)
            }
            if !partners.isEmpty { kind = .fusion(partners: partners) }
        case "expression":
            let gene = gene(fields, "gene")
            let change = fields.choice("direction", ExpressionChange.self, required: true)
            if let gene, let change { kind = .expression(gene: gene, change: change) }
        case nil: break
        case let other?:
            fields.fail("type", "expected one of \"variant\", \"copy_number\", \"fusion\", \"expression\", found \"\(other)\"")
        }
        fields.rejectUnknown()
        guard errors.errors.count == before, let kind else { return nil }
        return Alteration(kind: kind, origin: origin, alleleFraction: vaf, significance: significance, label: label)
    }

    private static func readVariant(_ fields: JSONFields) -> AlterationKind? {
        let gene = gene(fields, "gene")
        let proteinText = fields.string("protein")
        let coding = fields.string("coding")
        var protein: ProteinChange?
        if let proteinText {
            protein = ProteinChange(parsing: proteinText)
            if protein == nil {
                fields.fail("protein", "\"\(proteinText)\" is not a protein change (expected HGVS such as p.V600E, V600E, p.Val600Glu, p.E746_A750del, p.K83fs)")
                return nil
            }
        }
        if proteinText == nil, coding == nil {
            fields.fail(nil, "a variant needs \"protein\" (p. change) or \"coding\" (c. change)")
            return nil
        }
        guard let gene else { return nil }
        return .sequenceVariant(gene: gene, protein: protein, coding: coding)
    }

    private static func gene(_ fields: JSONFields, _ key: String) -> GeneSymbol? {
        guard let text = fields.string(key, required: true) else { return nil }
        guard let symbol = GeneSymbol(text) else {
            fields.fail(key, "\"\(text)\" is not a gene symbol (letters, digits, '-', '.', '_', starting with a letter)")
            return nil
        }
        return symbol
    }

    // MARK: Writing

    /// The file for `cases`, with `source` and `licence` notes.
    public static func document(_ cases: [PatientCase], source: String, licence: String) -> JSONValue {
        .object([
            "format": .string(format), "version": .number(Double(version)), "source": .string(source),
            "licence": .string(licence), "cases": .array(cases.map(encode)),
        ])
    }

    public static func encode(_ c: PatientCase) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(c.id),
            "tumor": .object(["text": .string(c.tumor.text)].merging(c.tumor.oncoTreeCode.map { ["oncotree": .string($0)] } ?? [:]) { a, _ in a }),
            "prior_lines": .array(c.priorLines.map(JSONValue.string)),
            "alterations": .array(c.alterations.map(encode)),
        ]
        members["stage"] = c.stage.map(JSONValue.string)
        members["assay"] = c.assay.map(JSONValue.string)
        members["tumor_purity"] = c.tumorPurity.map(JSONValue.number)
        members["tmb"] = c.tumorMutationalBurden.map(JSONValue.number)
        members["msi"] = c.microsatelliteStatus.map { .string($0.rawValue) }
        members["age"] = c.age.map { .number(Double($0)) }
        members["sex"] = c.sex.map(JSONValue.string)
        return .object(members)
    }

    public static func encode(_ a: Alteration) -> JSONValue {
        var members: [String: JSONValue] = ["type": .string(a.kind.typeName), "label": .string(a.label)]
        switch a.kind {
        case let .sequenceVariant(gene, protein, coding):
            members["gene"] = .string(gene.text)
            members["protein"] = protein.map { .string($0.hgvs) }
            members["coding"] = coding.map(JSONValue.string)
        case let .copyNumber(gene, change, copies):
            members["gene"] = .string(gene.text)
            members["direction"] = .string(change.rawValue)
            members["copies"] = copies.map(JSONValue.number)
        case let .fusion(partners):
            members["partners"] = .array(partners.map { .string($0.text) })
        case let .expression(gene, change):
            members["gene"] = .string(gene.text)
            members["direction"] = .string(change.rawValue)
        }
        if a.origin != .unknown { members["origin"] = .string(a.origin.rawValue) }
        if a.significance != .notAssessed { members["significance"] = .string(a.significance.rawValue) }
        members["vaf"] = a.alleleFraction.map(JSONValue.number)
        return .object(members)
    }
}
