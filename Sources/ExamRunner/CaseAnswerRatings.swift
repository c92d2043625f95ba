import Exams
import Foundation
import Ratings
import Support

/// Free-text case answers of an open-ended set, rated by people on a rubric through a blinded
/// sheet (`consilium bench cases export` / `import`). The sources are answer sets: the answer a
/// set ships per item (annotation `modelAnswer`, as radonc-realworld-50 does) and the answer runs
/// of models (`bench cases answer`), each checked to have answered this very set.
public enum CaseAnswerRatings {
    /// The flow id of an import's provenance run.
    public static let flowID = "bench.cases.ratings"
    public static let caseTextColumn = "question"
    /// The source name of the answers a set ships.
    public static let shippedSource = "shipped answer"
    public static let withheld = "(question text withheld: a copyrighted set; export with --include-text to show it)"

    public struct Export: Sendable {
        public let export: BlindedExport
        public let dataset: String
        /// Items of the set that could not be loaded.
        public let loadProblems: [LoadProblem]
        /// Whether the question text was left out (a `redactText` set without `includeText`).
        public let textWithheld: Bool
        /// Items left out because a chosen source has no answer to them (a failed call, a run
        /// that stopped early, an item without a shipped answer), each with the sources lacking.
        public let leftOut: [(item: String, lacking: [String])]
    }

    /// The answers the set ships, as a source; nil when no item carries one.
    public static func shippedAnswers(_ dataset: ExamDataset) -> AnswerSet? {
        let answers = dataset.items.compactMap { item -> (String, String)? in
            guard item.format == .openEnded, let text = item.annotations["modelAnswer"], !text.isEmpty else { return nil }
            return (item.id, text)
        }
        return answers.isEmpty ? nil : AnswerSet(source: shippedSource, answers: Dictionary(answers, uniquingKeysWith: { a, _ in a }))
    }

    /// - Parameters:
    ///   - sources: which answer sets to show, by name (`shippedSource`, or an answer run's label);
    ///     nil shows every one available.
    ///   - answerRuns: answer runs of models; each must have answered this set.
    ///   - limit: only the first `limit` open-ended items of the set that every chosen source answered.
    ///   - includeText: write the question text even of a set marked `redactText`.
    public static func export(dataset reference: DatasetReference, limit: Int?, sources: [String]?, answerRuns: [CaseAnswerRun] = [],
                              rubric: Rubric, seed: UInt64, includeText: Bool) throws -> Export {
        try export(load: reference.load(), limit: limit, sources: sources, answerRuns: answerRuns, rubric: rubric, seed: seed,
                   includeText: includeText)
    }

    /// The same, for a set already loaded.
    public static func export(load: DatasetLoad, limit: Int?, sources: [String]?, answerRuns: [CaseAnswerRun] = [],
                              rubric: Rubric, seed: UInt64, includeText: Bool) throws -> Export {
        let dataset = load.dataset
        for run in answerRuns { try run.requireAnswered(dataset, use: "rate") }
        let available = (shippedAnswers(dataset).map { [$0] } ?? []) + answerRuns.map(\.answerSet)
        var seen: Set<String> = []
        for set in available where !seen.insert(set.source).inserted {
            throw ExamRunError.invalidSettings("two answer sets are named \"\(set.source)\": raters' results could not be told apart")
        }
        guard !available.isEmpty else {
            throw ExamRunError.noItems(dataset: dataset.name, reason: "no answers to rate: no item carries a shipped answer (annotation "
                                       + "modelAnswer) and no answer run was given (bench cases answer, then --answers RUN)")
        }
        let chosen = try (sources ?? available.map(\.source)).map { name in
            guard let set = available.first(where: { $0.source == name }) else {
                throw ExamRunError.invalidSettings("source \"\(name)\" is not available for \(dataset.name); available: "
                                                   + available.map(\.source).joined(separator: ", "))
            }
            return set
        }
        var items: [ExamItem] = []
        var leftOut: [(item: String, lacking: [String])] = []
        for item in dataset.items where item.format == .openEnded {
            if let limit, items.count == limit { break }
            let lacking = chosen.filter { ($0.answers[item.id] ?? "").allSatisfy(\.isWhitespace) }.map(\.source)
            if lacking.isEmpty { items.append(item) } else { leftOut.append((item.id, lacking)) }
        }
        guard !items.isEmpty else {
            throw ExamRunError.noItems(dataset: dataset.name, reason: "no open-ended item has an answer from every chosen source ("
                                       + chosen.map(\.source).joined(separator: ", ") + ")")
        }
        let withhold = dataset.redactText && !includeText
        let cases = items.map { item in
            RatingCase(id: item.id, text: withhold ? withheld : [item.context, item.stem].compactMap { $0 }.joined(separator: "\n\n"))
        }
        let export = try BlindedExport.make(cases: cases, sources: chosen, rubric: rubric, seed: seed,
                                            options: .init(caseTextColumn: caseTextColumn, minimumSources: 1))
        return Export(export: export, dataset: dataset.name, loadProblems: load.problems, textWithheld: withhold, leftOut: leftOut)
    }
}
