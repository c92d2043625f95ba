import Oncology
import Support

/// A case and its retrieved rows as the flow's two inputs: the case in the words the prompt shows
/// (alterations by their labels, which the answer must repeat), and one line per retrieved row.
public enum CasePrompt {
    /// Rows shown per alteration, strongest first: a small model's context is short, and the
    /// weakest gene-level rows add little. What is left out is counted in the report.
    public static let rowsPerAlteration = 6

    public static func caseInput(_ patient: PatientCase) -> JSONValue {
        var biomarkers: [JSONValue] = []
        if let tmb = patient.tumorMutationalBurden {
            biomarkers.append(.string("TMB \(number(tmb)) mut/Mb\(patient.isTMBHigh ? " (TMB-high)" : "")"))
        }
        if let msi = patient.microsatelliteStatus { biomarkers.append(.string("MSI \(msi.rawValue)")) }
        return .object([
            "id": .string(patient.id),
            "tumor": .string(patient.tumor.text + (patient.tumor.oncoTreeCode.map { " (OncoTree \($0))" } ?? "")),
            "stage": .string(patient.stage ?? ""),
            "prior_lines": .array(patient.priorLines.map { .string($0) }),
            "biomarkers": .array(biomarkers),
            "alterations": .array(patient.alterations.map { a in
                var notes: [String] = []
                if a.origin != .unknown { notes.append(a.origin.rawValue) }
                if a.significance == .unknownSignificance { notes.append("variant of unknown significance") }
                return .string(notes.isEmpty ? a.label : "\(a.label) [\(notes.joined(separator: ", "))]")
            }),
        ])
    }

    /// The matches the prompt shows: at most `rowsPerAlteration` per alteration label, rows for a
    /// therapy before resistance rows (those cannot become options), else in retrieval order.
    public static func shown(_ matches: [KBMatch]) -> [KBMatch] {
        var labels: [String] = []
        var groups: [String: [KBMatch]] = [:]
        for m in matches {
            if groups[m.alterationLabel] == nil { labels.append(m.alterationLabel) }
            groups[m.alterationLabel, default: []].append(m)
        }
        return labels.flatMap { label -> [KBMatch] in
            let group = groups[label] ?? []
            let ordered = group.filter { $0.row.direction != .resistant } + group.filter { $0.row.direction == .resistant }
            return Array(ordered.prefix(rowsPerAlteration))
        }
    }

    public static func evidenceInput(_ matches: [KBMatch]) -> JSONValue {
        .array(matches.map { .string(line($0)) })
    }

    /// "moalmanac:6 | KRAS p.G12C | exact | Sotorasib | approved_in_tumor_type | Non-Small Cell Lung Cancer | sensitive | PMID:34096690, NCT03600883"
    public static func line(_ m: KBMatch) -> String {
        let citations = (m.row.pmids.map { "PMID:\($0)" } + m.row.ncts)
        return [m.row.rowID, m.alterationLabel, level(m.level), m.row.therapy.joined(separator: " + "), m.tier.rawValue,
                m.row.disease, m.row.direction.rawValue, citations.isEmpty ? "no citation" : citations.joined(separator: ", ")]
            .joined(separator: " | ")
    }

    public static func level(_ level: KBMatch.Level) -> String {
        switch level {
        case .exact: return "exact"
        case .codon: return "codon"
        case .geneLevel: return "gene-level"
        }
    }

    static func number(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
