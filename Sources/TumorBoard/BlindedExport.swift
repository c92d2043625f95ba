import Foundation
import Oncology
import Support

/// The paper's survey made repeatable (Benary et al. 2023 showed tumor-board members each case's
/// option sets without saying where they came from): per case, one option set per source (model
/// runs, ensembles, the expert reference), shuffled with a seed under neutral labels A, B, ... in
/// a rating sheet (CSV), with the label-to-source key kept in a separate file.
///
/// Inside a set, alterations and options are sorted and lower-cased, so the order and spelling a
/// source writes in do not give it away. A source without options for a case shows the set as
/// "no actionable option proposed" (every source is shown for every case).
public struct BlindedExport: Sendable {
    /// The columns of the sheet; raters fill `rating`, `most_useful` (an "x" on one set per case)
    /// and, if they like, `comment`.
    public static let columns = ["item", "case", "set", "case_summary", "options", "rating", "most_useful", "comment"]
    public static let noOption = "no actionable option proposed"
    /// Labels are single letters, so at most 26 sources per export.
    static let labels = (UnicodeScalar("A").value...UnicodeScalar("Z").value).compactMap(UnicodeScalar.init).map { String(Character($0)) }

    public let sheet: String
    public let key: BlindingKey
    /// Rows of cases the export does not show (not in the case file given).
    public let leftOut: Int

    /// - Parameters:
    ///   - rows: option rows of every source; `source` tells them apart.
    ///   - cases: the cases to show, in order, with a one-line summary each; nil takes every case id
    ///     of the rows (without summaries). Rows of other cases are left out.
    public static func make(rows: [TherapyOptionRow], cases: [PatientCase]?, seed: UInt64,
                            scale: RatingScale = .usefulness) throws -> BlindedExport {
        let sources = Array(Set(rows.map(\.source))).sorted()
        guard sources.count >= 2 else {
            throw TumorBoardError.export(reason: "blinding needs at least 2 sources, found \(sources.count) (\(sources.joined(separator: ", ")))")
        }
        guard sources.count <= labels.count else {
            throw TumorBoardError.export(reason: "at most \(labels.count) sources can be labelled A-Z, found \(sources.count)")
        }
        let caseIDs = cases?.map(\.id) ?? naturalOrder(Set(rows.map(\.caseID)))
        let summaries = Dictionary((cases ?? []).map { ($0.id, summary($0)) }, uniquingKeysWith: { a, _ in a })
        let byCaseAndSource = Dictionary(grouping: rows) { [$0.caseID, $0.source] }
        var random = SeededRandom(seed: seed)
        var records: [[String]] = []
        var items: [BlindingKey.Item] = []
        for caseID in caseIDs {
            let order = shuffled(sources, using: &random)
            for (index, source) in order.enumerated() {
                let label = labels[index]
                let (text, count) = optionText(byCaseAndSource[[caseID, source]] ?? [])
                let id = "\(caseID)/\(label)"
                records.append([id, caseID, label, summaries[caseID] ?? "", text, "", "", ""])
                items.append(BlindingKey.Item(id: id, caseID: caseID, label: label, source: source, optionCount: count))
            }
        }
        let sheet = CSVWriter.text(header: columns, records: records)
        let key = BlindingKey(seed: seed, scale: scale, sheetSHA256: ContentHash.of(sheet).hex, sources: sources, items: items)
        let shown = Set(caseIDs)
        return BlindedExport(sheet: sheet, key: key, leftOut: rows.filter { !shown.contains($0.caseID) }.count)
    }

    /// Option rows from files (`consilium.tumorboard.option-rows`, e.g. the expert reference and the
    /// `option-rows.json` that `recommend --out` writes) and, optionally, the cases they answer.
    public static func make(rowFiles: [String], casesFile: String?, seed: UInt64, scale: RatingScale) throws -> BlindedExport {
        let rows = try rowFiles.flatMap { try TherapyOptionRowsJSON.read(path: $0) }
        let cases = try casesFile.map { try TumorBoardSession.readCases(path: $0) }
        return try make(rows: rows, cases: cases, seed: seed, scale: scale)
    }

    /// Writes the sheet and the key; an existing file is never replaced, since a new key would
    /// no longer unblind sheets already handed out.
    public func write(sheetPath: String, keyPath: String) throws {
        for path in [sheetPath, keyPath] where FileManager.default.fileExists(atPath: path) {
            throw TumorBoardError.output(path: path, reason: "exists; choose another name (a key must stay with the sheets made with it)")
        }
        for (path, text) in [(sheetPath, sheet), (keyPath, key.json.prettyText + "\n")] {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw TumorBoardError.output(path: path, reason: error.localizedDescription)
            }
        }
    }

    /// "KRAS p.G12C: adagrasib; sotorasib" per alteration, one line each, sorted; and the count of
    /// distinct (alteration, option) pairs.
    static func optionText(_ rows: [TherapyOptionRow]) -> (String, Int) {
        var byAlteration: [String: Set<String>] = [:]
        for row in rows { byAlteration[row.alteration, default: []].insert(row.option.lowercased()) }
        guard !byAlteration.isEmpty else { return (noOption, 0) }
        let lines = byAlteration.keys.sorted().map { "\($0): \((byAlteration[$0] ?? []).sorted().joined(separator: "; "))" }
        return (lines.joined(separator: "\n"), byAlteration.values.map(\.count).reduce(0, +))
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

    /// Fisher-Yates with the project's own generator, so a seed gives the same labels on every
    /// Swift version (the standard library's shuffle does not promise that).
    static func shuffled<T>(_ values: [T], using random: inout SeededRandom) -> [T] {
        var out = values
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            let j = min(i, Int(random.nextUnit() * Double(i + 1)))
            out.swapAt(i, j)
        }
        return out
    }

    /// "benary2023-2" before "benary2023-10".
    static func naturalOrder(_ ids: Set<String>) -> [String] {
        ids.sorted { $0.count != $1.count ? $0.count < $1.count : $0 < $1 }
    }
}
