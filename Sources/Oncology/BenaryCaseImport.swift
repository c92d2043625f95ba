import Foundation

/// Imports the 10 cases of Benary et al. 2023 from the TSV derived from their PatientCases.xlsx
/// (columns patient, age, sex, diagnosis, stage, sequencing, alterations; alterations joined by
/// " | "). Free-text alterations are typed by `AlterationTextParser`; what it cannot read is listed
/// in `unparsed`, never dropped silently. A row whose diagnosis has no OncoTree code, or with no
/// readable alteration, is an error naming its line and column.
public enum BenaryCaseImport {
    public struct Unparsed: Equatable, Sendable, CustomStringConvertible {
        public let caseID: String
        public let line: Int
        public let column: String
        public let text: String
        public let reason: String
        public var description: String { "line \(line), \(column), case \(caseID): \"\(text)\": \(reason)" }
    }

    public struct Result: Sendable {
        public let cases: [PatientCase]
        public let unparsed: [Unparsed]
    }

    public static let columns = ["patient", "age", "sex", "diagnosis", "stage", "sequencing", "alterations"]
    public static let idPrefix = "benary2023-"

    public static func read(path: String) throws -> Result {
        let text: String
        do { text = try String(contentsOf: URL(fileURLWithPath: path), encoding: .utf8) } catch {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read as UTF-8: \(error.localizedDescription)")
        }
        return try read(text: text, source: (path as NSString).lastPathComponent)
    }

    public static func read(text: String, source: String) throws -> Result {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init), header == columns else {
            throw OncologyInputError(source: source, location: "line 1", reason: "expected the header \(columns.joined(separator: "<tab>")), found \"\(lines.first ?? "")\"")
        }
        var errors: [OncologyInputError] = []
        var cases: [PatientCase] = []
        var unparsed: [Unparsed] = []
        for (offset, line) in lines.enumerated().dropFirst() {
            let number = offset + 1
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
            func fail(_ column: String, _ reason: String) {
                errors.append(OncologyInputError(source: source, location: "line \(number), column \(column)", reason: reason))
            }
            guard cells.count == columns.count else { fail("*", "expected \(columns.count) tab-separated cells, found \(cells.count)"); continue }
            let row = Dictionary(uniqueKeysWithValues: zip(columns, cells))
            guard let patient = row["patient"], !patient.isEmpty else { fail("patient", "empty"); continue }
            let id = idPrefix + patient
            let diagnosis = row["diagnosis"] ?? ""
            guard let tumor = TumorType(mapping: diagnosis) else {
                fail("diagnosis", "unknown tumor type \"\(diagnosis)\": no OncoTree code for it in Sources/Oncology/OncoTree.swift")
                continue
            }
            var age: Int?
            if let text = row["age"], !text.isEmpty {
                age = Int(text)
                if age == nil { fail("age", "expected whole years, found \"\(text)\""); continue }
            }
            let sequencing = readSequencing(row["sequencing"] ?? "")
            for note in sequencing.unread {
                unparsed.append(Unparsed(caseID: id, line: number, column: "sequencing", text: note, reason: "not an assay, tumor purity or TMB"))
            }
            var alterations: [Alteration] = []
            var origin = AlterationOrigin.unknown
            for item in (row["alterations"] ?? "").components(separatedBy: " | ") {
                var text = item.trimmingSpaces
                // "Germline:" and "Tumor:" head the items that follow them (the workbook lists the
                // germline finding, then the tumor's).
                for (prefix, value) in [("Germline:", AlterationOrigin.germline), ("Tumor:", .somatic), ("Somatic:", .somatic)]
                where text.hasPrefix(prefix) {
                    origin = value
                    text = String(text.dropFirst(prefix.count)).trimmingSpaces
                }
                guard !text.isEmpty else { continue }
                switch AlterationTextParser.parse(text, origin: origin) {
                case .parsed(let parsed): alterations += parsed
                case let .unparsed(text, reason):
                    unparsed.append(Unparsed(caseID: id, line: number, column: "alterations", text: text, reason: reason))
                }
            }
            guard !alterations.isEmpty else { fail("alterations", "no alteration could be read"); continue }
            cases.append(PatientCase(
                id: id, tumor: tumor, stage: row["stage"].flatMap { $0.isEmpty ? nil : $0 }, assay: sequencing.assay,
                tumorPurity: sequencing.purity, tumorMutationalBurden: sequencing.tmb, age: age,
                sex: row["sex"].flatMap(sexName), alterations: alterations))
        }
        if !errors.isEmpty { throw OncologyInputErrors(errors) }
        return Result(cases: cases, unparsed: unparsed)
    }

    /// The workbook's sex column is German: "w" (weiblich) and "m".
    private static func sexName(_ text: String) -> String? {
        switch text.lowercased() {
        case "": return nil
        case "w", "f": return "female"
        case "m": return "male"
        default: return text
        }
    }

    struct Sequencing: Equatable {
        var assay: String?
        var purity: Double?
        var tmb: Double?
        var unread: [String] = []
    }

    /// "Panel (Tumor Purity 30%), TMB 3.8 Mut/Mb" -> assay Panel, purity 0.3, TMB 3.8.
    static func readSequencing(_ text: String) -> Sequencing {
        var result = Sequencing()
        let (body, notes) = AlterationTextParser.splitParentheticals(text)
        var pieces = body.split(separator: ",").map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
        if let first = pieces.first, !isTMB(first) { result.assay = first; pieces.removeFirst() }
        for piece in notes + pieces {
            let words = piece.split(separator: " ").map(String.init)
            let lower = piece.lowercased()
            if lower.hasPrefix("tumor purity"), let last = words.last, let percent = Double(last.replacingAll("%", "")),
               (0...100).contains(percent) {
                result.purity = percent / 100
            } else if isTMB(piece), let value = words.compactMap(Double.init).first {
                result.tmb = value
            } else {
                result.unread.append(piece)
            }
        }
        return result
    }

    private static func isTMB(_ piece: String) -> Bool {
        let lower = piece.lowercased()
        return (lower.hasPrefix("tmb ") || lower.hasPrefix("tumor mutational burden ")) && lower.hasSuffix("mut/mb")
    }
}
