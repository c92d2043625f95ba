import Foundation
import Support

/// One case as raters see it: its id and the text that frames the answers (a question, a case summary).
public struct RatingCase: Hashable, Sendable {
    public let id: String
    public let text: String

    public init(id: String, text: String) {
        self.id = id
        self.text = text
    }
}

/// What one source (a model's answer run, an ensemble, the expert, a set's shipped answer) says
/// per case: the text raters rate, by case id. A case the source did not answer is shown with the
/// export's `missingAnswer` text, so every source appears for every case.
public struct AnswerSet: Hashable, Sendable {
    public let source: String
    public let answers: [String: String]

    public init(source: String, answers: [String: String]) {
        self.source = source
        self.answers = answers
    }
}

/// A blinded rating sheet (CSV) and its key (Benary et al. 2023's tumor-board survey made
/// repeatable and general): per case, every source's answer under a neutral label A, B, ...
/// shuffled with a seed. The sheet's columns are `item` ("<case>/<label>"), `case`, the case text,
/// `answer`, one empty column per rubric dimension, the pick column if there is one, and `comment`.
public struct BlindedExport: Sendable {
    /// How the sheet looks beyond the rubric's columns.
    public struct Options: Sendable {
        /// The case text column's name (`question`, `case_summary`).
        public var caseTextColumn: String
        /// nil takes the rubric's pick (if any); `.some(nil)` leaves the pick column out.
        public var pick: Rubric.Pick??
        /// What a source without an answer for a case shows.
        public var missingAnswer: String
        /// 2 for a comparison (one source alone is not blinded against anything); 1 when a single
        /// source's answers are to be rated on a rubric (the label then hides nothing).
        public var minimumSources: Int

        public init(caseTextColumn: String = "case_text", pick: Rubric.Pick?? = nil, missingAnswer: String = "(no answer)",
                    minimumSources: Int = 2) {
            self.caseTextColumn = caseTextColumn
            self.pick = pick
            self.missingAnswer = missingAnswer
            self.minimumSources = minimumSources
        }
    }

    /// Labels are single letters, so at most 26 sources per export.
    static let labels = (UnicodeScalar("A").value...UnicodeScalar("Z").value).compactMap(UnicodeScalar.init).map { String(Character($0)) }

    public let sheet: String
    public let key: BlindingKey

    public static func columns(rubric: Rubric, pick: Rubric.Pick?, caseTextColumn: String) -> [String] {
        ["item", "case", caseTextColumn, "answer"] + rubric.dimensions.map(\.id) + (pick.map { [$0.id] } ?? []) + ["comment"]
    }

    /// - Parameters:
    ///   - cases: the cases to show, in order.
    ///   - sources: at least 2 and at most 26, each named once.
    public static func make(cases: [RatingCase], sources: [AnswerSet], rubric: Rubric, seed: UInt64,
                            options: Options = Options()) throws -> BlindedExport {
        let names = sources.map(\.source).sorted()
        guard names.count >= max(1, options.minimumSources) else {
            throw RatingsError.export(reason: "blinding needs at least \(max(1, options.minimumSources)) sources, found \(names.count) (\(names.joined(separator: ", ")))")
        }
        guard names.count <= labels.count else {
            throw RatingsError.export(reason: "at most \(labels.count) sources can be labelled A-Z, found \(names.count)")
        }
        if let twice = zip(names, names.dropFirst()).first(where: { $0 == $1 }) {
            throw RatingsError.export(reason: "source \"\(twice.0)\" is given twice; give each answer set its own name")
        }
        guard !cases.isEmpty else { throw RatingsError.export(reason: "no cases to show") }
        if let twice = Dictionary(grouping: cases, by: \.id).first(where: { $0.value.count > 1 }) {
            throw RatingsError.export(reason: "case \"\(twice.key)\" is listed twice")
        }
        let pick = options.pick ?? rubric.pick
        let header = columns(rubric: rubric, pick: pick, caseTextColumn: options.caseTextColumn)
        if let clash = Dictionary(grouping: header, by: { $0 }).first(where: { $0.value.count > 1 }) {
            throw RatingsError.export(reason: "the sheet would have two columns named \(clash.key): rename the case text column or the rubric's")
        }
        let byName = Dictionary(sources.map { ($0.source, $0) }, uniquingKeysWith: { a, _ in a })
        var random = SeededRandom(seed: seed)
        var records: [[String]] = []
        var items: [BlindingKey.Item] = []
        let blanks = Array(repeating: "", count: header.count - 4)
        for c in cases {
            for (index, source) in shuffled(names, using: &random).enumerated() {
                let label = labels[index]
                let id = "\(c.id)/\(label)"
                records.append([id, c.id, c.text, byName[source]?.answers[c.id] ?? options.missingAnswer] + blanks)
                items.append(BlindingKey.Item(id: id, caseID: c.id, label: label, source: source))
            }
        }
        let sheet = SheetTable.text(header: header, records: records)
        let key = BlindingKey(seed: seed, rubric: rubric, pick: pick, sheetSHA256: ContentHash.of(sheet).hex, sources: names, items: items)
        return BlindedExport(sheet: sheet, key: key)
    }

    /// Writes the sheet and the key; an existing file is never replaced, since a new key would
    /// no longer unblind sheets already handed out.
    public func write(sheetPath: String, keyPath: String) throws {
        for path in [sheetPath, keyPath] where FileManager.default.fileExists(atPath: path) {
            throw RatingsError.output(path: path, reason: "exists; choose another name (a key must stay with the sheets made with it)")
        }
        for (path, text) in [(sheetPath, sheet), (keyPath, key.json.prettyText + "\n")] {
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: path)) } catch {
                throw RatingsError.output(path: path, reason: error.localizedDescription)
            }
        }
    }

    /// Fisher-Yates with the project's own generator, so a seed gives the same labels on every
    /// Swift version (the standard library's shuffle does not promise that).
    public static func shuffled<T>(_ values: [T], using random: inout SeededRandom) -> [T] {
        var out = values
        for i in stride(from: out.count - 1, to: 0, by: -1) {
            let j = min(i, Int(random.nextUnit() * Double(i + 1)))
            out.swapAt(i, j)
        }
        return out
    }
}
