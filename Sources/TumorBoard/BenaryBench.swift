import Foundation
import Oncology
import Scoring

/// `bench benary2023`: a model's options on the 10 converted cases scored against the expert's,
/// beside the paper's own sources scored by the same code from the shipped
/// `RecommendationsClean.csv` (not typed in), at the paper's exact-string level and after
/// normalization, with bootstrap CIs over patients.
public struct BenaryBench: Sendable {
    public struct Row: Sendable {
        public let source: String
        /// Level to its report and intervals.
        public let reports: [(OptionMatchLevel, OptionScorer.Report, SetScoreIntervals)]
    }

    public static let levels: [OptionMatchLevel] = [.exact, .normalized]
    /// Resamples and seed of the CIs: fixed, so a recorded table can be reproduced.
    public static let bootstrap = (resamples: 2000, seed: UInt64(2023))

    /// This invocation's rows: each run (one per model, or per model and seed), then the ensemble's.
    public let ours: [Row]
    public let published: [Row]
    /// Every case answer of every run.
    public let recommendations: [CaseRecommendation]
    public let ensemble: TumorBoardEnsemble?
    public let knowledgeBase: [KnowledgeBaseFiles.Loaded]

    public static func score(_ recommendations: [CaseRecommendation], source: String, resources: TumorBoardResources,
                             knowledgeBase: [KnowledgeBaseFiles.Loaded]) throws -> BenaryBench {
        try score(runs: [(source, recommendations.flatMap { $0.optionRows(source: source) })], recommendations: recommendations,
                  ensemble: nil, resources: resources, knowledgeBase: knowledgeBase)
    }

    /// Every member of the ensemble as its own row, then the ensemble's kept options as one more.
    public static func score(_ ensemble: TumorBoardEnsemble, resources: TumorBoardResources,
                             knowledgeBase: [KnowledgeBaseFiles.Loaded]) throws -> BenaryBench {
        try score(runs: ensemble.members.map { ($0.label, $0.optionRows()) } + [(ensemble.name, ensemble.rows)],
                  recommendations: ensemble.members.flatMap(\.recommendations), ensemble: ensemble, resources: resources, knowledgeBase: knowledgeBase)
    }

    static func score(runs: [(String, [TherapyOptionRow])], recommendations: [CaseRecommendation], ensemble: TumorBoardEnsemble?,
                      resources: TumorBoardResources, knowledgeBase: [KnowledgeBaseFiles.Loaded]) throws -> BenaryBench {
        let scorer = OptionScorer(normalizer: try resources.normalizer())
        let reference = try TherapyOptionRowsJSON.read(path: resources.expertReference.path)
        let shipped = try BenaryRecommendations.read(path: resources.benaryRecommendations.path)
        let caseIDs = Set(reference.map(\.caseID))
        func row(_ name: String, _ predicted: [TherapyOptionRow]) throws -> Row {
            let reports = try levels.map { level -> (OptionMatchLevel, OptionScorer.Report, SetScoreIntervals) in
                let report = try scorer.report(predicted: predicted, reference: reference, level: level)
                let perCase = report.perCase.filter { caseIDs.contains($0.caseID) }.map(\.comparison.counts)
                let intervals = try SetScoreIntervals(items: perCase, bootstrap: try Bootstrap(resamples: bootstrap.resamples, seed: bootstrap.seed))
                return (level, report, intervals)
            }
            return Row(source: name, reports: reports)
        }
        var published: [Row] = []
        let sources = Set(shipped.map(\.source)).subtracting([BenaryRecommendations.expertSource]).sorted()
        for s in sources { published.append(try row(s, shipped.filter { $0.source == s })) }
        published.append(try row("combined (paper's rule)", BenaryRecommendations.combinedByRows(shipped)))
        return BenaryBench(ours: try runs.map { try row($0.0, $0.1) }, published: published, recommendations: recommendations,
                           ensemble: ensemble, knowledgeBase: knowledgeBase)
    }

    // MARK: The table

    public var markdown: String {
        var out = ["| source | exact P / R / F1 | exact F1 95% CI | normalized P / R / F1 | normalized F1 95% CI |", "|---|---|---|---|---|"]
        for (i, row) in (ours + published).enumerated() {
            var cells = [i < ours.count ? "**\(row.source)** (this run)" : row.source]
            for (_, report, intervals) in row.reports {
                let pooled = report.pooled.counts
                cells.append("\(f(pooled.precision)) / \(f(pooled.recall)) / \(f(pooled.f1))")
                cells.append(intervals.pooledFScore.interval.map { "\(f($0.lower))-\(f($0.upper))" } ?? "n/a")
            }
            out.append("| " + cells.joined(separator: " | ") + " |")
        }
        return out.joined(separator: "\n")
    }

    /// Answers, options, backing and citation counts of this run.
    public var runSummary: String {
        let verified = recommendations.compactMap(\.answer.verified)
        let options = verified.flatMap(\.options)
        let checks = verified.flatMap(\.citationChecks)
        let cacheHits = recommendations.map(\.statistics.cacheHits).reduce(0, +)
        let calls = recommendations.map(\.statistics.calls).reduce(0, +)
        return """
            - cases: \(recommendations.count); answers verified: \(verified.count); unusable: \(recommendations.count - verified.count)
            - options: \(options.count); backed by the knowledge base: \(verified.map(\.backedOptionCount).reduce(0, +)); with flags: \(options.filter { !$0.flags.isEmpty }.count)
            - citations: \(checks.count); verified: \(checks.filter(\.isVerified).count); in a row backing their option: \(checks.filter(\.supportsThisOption).count)
            - model calls: \(calls) (\(cacheHits) from the cache)
            - knowledge base: \(knowledgeBase.isEmpty ? "none" : knowledgeBase.map { "\($0.source.rawValue), \($0.rowCount) rows" }.joined(separator: "; "))
            """ + (ensemble.map { "\n\n" + $0.markdown } ?? "")
    }

    public func recordMarkdown(model: String, date: String) -> String {
        """
        # Tumor-board bench: benary2023, \(model)

        Recorded \(date) by `consilium tumorboard bench benary2023 --record`. \(TumorBoardReport.notice)

        The 10 cases of Benary et al. 2023 (JAMA Netw Open 2023;6(11):e2343689; Apache-2.0 data, see
        Benchmarks/tumorboard/README.md) through `Prompts/flows/tumor-board.json`, scored against the
        expert's options. Pooled P/R/F1 over distinct (alteration, option) keys as in the paper; exact
        = the paper's string rule, normalized = canonical alteration and drug set. The 95% CIs resample
        patients (\(Self.bootstrap.resamples) resamples, seed \(Self.bootstrap.seed)), summing per-patient counts. The
        paper's sources are scored by the same code from the shipped RecommendationsClean.csv.

        \(runSummary)

        \(markdown)

        """
    }

    func f(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "n/a" }
}
