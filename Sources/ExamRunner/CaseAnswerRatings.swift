import Exams
import Foundation
import Ratings
import Support

/// Free-text case answers of an open-ended set, rated by people on a rubric through a blinded
/// sheet (`consilium bench cases export` / `import`). The sources are answer sets: for now the
/// answer a set ships per item (annotation `modelAnswer`, as radonc-realworld-50 does); answer
/// runs of models are further `AnswerSet`s passed in `extraSources`.
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
    }

    /// The set's items that carry a shipped answer, the first `limit` of them, as cases and one
    /// answer set named `shippedSource`.
    public static func shippedAnswers(_ dataset: ExamDataset, limit: Int?) -> (items: [ExamItem], answers: AnswerSet) {
        let answered = dataset.items.filter { $0.format == .openEnded && !($0.annotations["modelAnswer"] ?? "").isEmpty }
        let items = limit.map { Array(answered.prefix($0)) } ?? answered
        return (items, AnswerSet(source: shippedSource, answers: Dictionary(items.map { ($0.id, $0.annotations["modelAnswer"] ?? "") },
                                                                            uniquingKeysWith: { a, _ in a })))
    }

    /// - Parameters:
    ///   - sources: which answer sets to show: `shippedSource` and the names of `extraSources`.
    ///   - includeText: write the question text even of a set marked `redactText`.
    public static func export(dataset reference: DatasetReference, limit: Int?, sources: [String], extraSources: [AnswerSet] = [],
                              rubric: Rubric, seed: UInt64, includeText: Bool) throws -> Export {
        try export(load: reference.load(), limit: limit, sources: sources, extraSources: extraSources, rubric: rubric, seed: seed,
                   includeText: includeText)
    }

    /// The same, for a set already loaded.
    public static func export(load: DatasetLoad, limit: Int?, sources: [String], extraSources: [AnswerSet] = [],
                              rubric: Rubric, seed: UInt64, includeText: Bool) throws -> Export {
        let dataset = load.dataset
        let (items, shipped) = shippedAnswers(dataset, limit: limit)
        guard !items.isEmpty else {
            throw ExamRunError.noItems(dataset: dataset.name, reason: "no open-ended item carries a shipped answer (annotation modelAnswer)")
        }
        let available = [shipped] + extraSources
        let chosen = try sources.map { name in
            guard let set = available.first(where: { $0.source == name }) else {
                throw ExamRunError.invalidSettings("source \"\(name)\" is not available for \(dataset.name); available: "
                                                   + available.map(\.source).joined(separator: ", "))
            }
            return set
        }
        let withhold = dataset.redactText && !includeText
        let cases = items.map { item in
            RatingCase(id: item.id, text: withhold ? withheld : [item.context, item.stem].compactMap { $0 }.joined(separator: "\n\n"))
        }
        let export = try BlindedExport.make(cases: cases, sources: chosen, rubric: rubric, seed: seed,
                                            options: .init(caseTextColumn: caseTextColumn, minimumSources: 1))
        return Export(export: export, dataset: dataset.name, loadProblems: load.problems, textWithheld: withhold)
    }
}
