import FlowRunner
import Foundation
import Genes
import Provenance
import Support

/// `genes bench go-naming`: the first `limit` sets of the shipped GO-naming sample through the
/// `go-naming` flow (each as is, half random and random; every call recorded and cached), scored
/// into a `GONamingResult` that is stored in the run and written as report.md and report.json.
public enum GONamingBench {
    /// - Parameter resolveModel: called after the benchmark files are read, to find (or fetch)
    ///   the model that replaces `job.model`.
    public static func run(_ job: GeneBenchJob, resolveModel: (() throws -> FlowLaunch.Model)? = nil,
                           onStart: (RunID) -> Void = { _ in }) async throws -> GeneBenchOutcome<GONamingResult> {
        guard job.limit >= 1 else { throw GeneJobError.input(source: "--limit", reason: "expected at least 1, found \(job.limit)") }
        let sets = Array(try GONamingSet.load(path: job.dataPath).prefix(job.limit))
        let published = try job.publishedPath.map { try PublishedNamingAnswer.load(path: $0) } ?? [:]
        var launch = job.launch(flow: "go-naming.json", inputs: ["sets": flowInput(sets)])
        if let resolveModel { launch.model = try resolveModel() }
        let run = try await launch.start(onStart: onStart)
        let themes = run.outputs["themes"]?.arrayValue ?? []
        let width = GONamingSet.Variant.allCases.count
        guard themes.count == sets.count * width else {
            throw GeneJobError.answer(step: "themes", item: themes.count, reason: "expected \(sets.count * width) answers")
        }
        let answers = stride(from: 0, to: themes.count, by: width).map { Array(themes[$0..<($0 + width)]) }
        let result = try GONamingResult(sets: sets, answers: answers, published: published)
        let store = try FlowLaunch.openStore(job.databasePath)
        try store.storeJSON(run: run.runID, role: .output, name: "go_naming_report", value: result.jsonValue)
        try record(result, run: run.runID, store: store)
        let paths = try job.writeReport(markdown: result.markdown(model: job.modelLabel, runID: run.runID.rawValue), json: result.jsonValue)
        return GeneBenchOutcome(result: result, runID: run.runID, statistics: run.statistics, markdownPath: paths.markdown, jsonPath: paths.json)
    }

    /// Set-major: each set's real, half-random and random variant in turn, ids "GO:… real".
    static func flowInput(_ sets: [GONamingSet]) -> JSONValue {
        .array(sets.flatMap { set in
            GONamingSet.Variant.allCases.map { variant in
                .object(["id": .string("\(set.term) \(variant.rawValue)"), "genes": .array(set.genes(variant).map(JSONValue.string))])
            }
        })
    }

    /// The summary numbers as the run's scores on the `themes` step; undefined ones left out.
    static func record(_ result: GONamingResult, run: RunID, store: ProvenanceStore) throws {
        var values: [(String, Double?)] = [("named_by_top_theme", result.named.value), ("named_by_any_theme", result.namedByAnyTheme.value),
                                           ("mean_top_overlap", result.meanTopOverlap), ("real_versus_random_auroc", result.realVersusRandomAUROC),
                                           ("gpt4_named_by_name", result.publishedNamed.value)]
        for summary in result.variants {
            values.append(("\(summary.variant.rawValue).low_confidence", summary.lowConfidence.value))
            values.append(("\(summary.variant.rawValue).mean_confidence", summary.meanConfidence))
        }
        for case let (metric, value?) in values {
            try store.recordScore(run: run, step: "themes", metric: "go_naming.\(metric)", value: value,
                                  details: .object(["sets": .number(Double(result.items.count))]))
        }
    }
}
