import Foundation
import Oncology
import Ratings

/// The tumor board's blinded survey (Benary et al. 2023 showed tumor-board members each case's
/// option sets without saying where they came from) on the general `Ratings` mechanism: per case,
/// one option set per source (model runs, ensembles, the expert reference) as the answer to rate,
/// the case summary as the case text, and by default the `usefulness` rubric (`rating` 1-5 and a
/// `most_useful` pick).
///
/// Inside a set, alterations and options are sorted and lower-cased, so the order and spelling a
/// source writes in do not give it away. A source without options for a case shows the set as
/// "no actionable option proposed" (every source is shown for every case).
public enum OptionSetRatings {
    /// The flow id of an import's provenance run.
    public static let flowID = "tumorboard.ratings"
    public static let caseTextColumn = "case_summary"
    public static let noOption = "no actionable option proposed"

    public struct Export: Sendable {
        public let export: BlindedExport
        /// Rows of cases the export does not show (not in the case file given).
        public let leftOut: Int
    }

    /// - Parameters:
    ///   - rows: option rows of every source; `source` tells them apart.
    ///   - cases: the cases to show, in order, with a one-line summary each; nil takes every case id
    ///     of the rows (without summaries). Rows of other cases are left out.
    public static func export(rows: [TherapyOptionRow], cases: [PatientCase]?, seed: UInt64, rubric: Rubric) throws -> Export {
        let shownCases = cases?.map { RatingCase(id: $0.id, text: summary($0)) }
            ?? naturalOrder(Set(rows.map(\.caseID))).map { RatingCase(id: $0, text: "") }
        let shown = Set(shownCases.map(\.id))
        let sets = Dictionary(grouping: rows, by: \.source).map { source, rows in
            AnswerSet(source: source, answers: Dictionary(grouping: rows, by: \.caseID).mapValues(optionText))
        }
        let export = try BlindedExport.make(cases: shownCases, sources: sets, rubric: rubric, seed: seed,
                                            options: .init(caseTextColumn: caseTextColumn, missingAnswer: noOption))
        return Export(export: export, leftOut: rows.filter { !shown.contains($0.caseID) }.count)
    }

    /// Option rows from files (`consilium.tumorboard.option-rows`, e.g. the expert reference and the
    /// `option-rows.json` that `recommend --out` writes) and, optionally, the cases they answer.
    public static func export(rowFiles: [String], casesFile: String?, seed: UInt64, rubric: Rubric) throws -> Export {
        let rows = try rowFiles.flatMap { try TherapyOptionRowsJSON.read(path: $0) }
        let cases = try casesFile.map { try TumorBoardSession.readCases(path: $0) }
        return try export(rows: rows, cases: cases, seed: seed, rubric: rubric)
    }

    /// "KRAS p.G12C: adagrasib; sotorasib" per alteration, one line each, sorted.
    static func optionText(_ rows: [TherapyOptionRow]) -> String {
        var byAlteration: [String: Set<String>] = [:]
        for row in rows { byAlteration[row.alteration, default: []].insert(row.option.lowercased()) }
        guard !byAlteration.isEmpty else { return noOption }
        return byAlteration.keys.sorted().map { "\($0): \((byAlteration[$0] ?? []).sorted().joined(separator: "; "))" }.joined(separator: "\n")
    }

    /// "Lung Adenocarcinoma, stage IV; KRAS p.G12C, ZFHX3 p.F2994L (VUS); TMB 12 mut/Mb".
    static func summary(_ patient: PatientCase) -> String {
        var parts = [patient.tumor.text + (patient.stage.map { ", stage \($0)" } ?? "")]
        parts.append(patient.alterations.map { $0.label + ($0.significance == .unknownSignificance ? " (VUS)" : "") }.joined(separator: ", "))
        if let tmb = patient.tumorMutationalBurden { parts.append("TMB \(CasePrompt.number(tmb)) mut/Mb") }
        if let msi = patient.microsatelliteStatus { parts.append("MSI \(msi.rawValue)") }
        if !patient.priorLines.isEmpty { parts.append("prior: " + patient.priorLines.joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }

    /// "benary2023-2" before "benary2023-10".
    static func naturalOrder(_ ids: Set<String>) -> [String] {
        ids.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
    }
}
