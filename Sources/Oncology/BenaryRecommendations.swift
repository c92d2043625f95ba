/// Reads `RecommendationsClean.csv` of Benary et al. 2023 (Apache-2.0): one row per (patient,
/// alteration, source, option) with the option lower-cased, references, mechanism and the
/// trial/approval note. R's "NA" is kept as the text "NA" where the paper's R code kept NA as a
/// value (patient, alteration, option), so that its distinct pairs are reproduced exactly.
public enum BenaryRecommendations {
    public static let expertSource = "human"
    /// The four 2023 LLMs whose options the paper's "combined" and "clinical" rules pool.
    public static let pooledLLMs: Set<String> = ["ChatGPT", "Perplexity.ai", "Galactica", "BioMed LM"]

    public static func read(path: String) throws -> [TherapyOptionRow] {
        try read(table: CSVTable(path: path))
    }

    public static func read(table: CSVTable) throws -> [TherapyOptionRow] {
        let c = try table.columns(["patient", "alteration", "model", "recommendation", "reference", "clinical_study"])
        return table.records.map { r in
            let references = r[c[4]] == "NA" ? [] : r[c[4]].split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            return TherapyOptionRow(caseID: BenaryCaseImport.idPrefix + r[c[0]], alteration: r[c[1]], source: r[c[2]],
                                    option: r[c[3]], citations: references, clinicalStudy: r[c[5]] == "NA" ? nil : r[c[5]])
        }
    }

    /// The paper's "combined" set (analyses.R, data.option1): per patient and alteration, options
    /// written in more than one row of the four LLMs. The code counts rows, so two prompt variants
    /// of one model count twice; `Ensemble.atLeast` counts distinct sources instead.
    public static func combinedByRows(_ rows: [TherapyOptionRow]) -> [TherapyOptionRow] {
        var counts: [[String]: Int] = [:]
        for row in rows where pooledLLMs.contains(row.source) {
            counts[[row.caseID, row.alteration, row.option], default: 0] += 1
        }
        return counts.filter { $0.value > 1 }.keys.sorted { $0.lexicographicallyPrecedes($1) }.map {
            TherapyOptionRow(caseID: $0[0], alteration: $0[1], source: "combined", option: $0[2])
        }
    }

    /// The paper's "clinical" set (data.option2): options of the four LLMs citing an NCT id or
    /// carrying a trial note.
    public static func clinical(_ rows: [TherapyOptionRow]) -> [TherapyOptionRow] {
        rows.filter { pooledLLMs.contains($0.source) && ($0.citations.contains { $0.contains("NCT") } || $0.clinicalStudy != nil) }
            .map { TherapyOptionRow(caseID: $0.caseID, alteration: $0.alteration, source: "clinical", option: $0.option) }
    }
}
