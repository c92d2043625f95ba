import FlowRunner
import Foundation
import Genes
import Inference
import Provenance
import Providers
import Support
import Workflow

/// Runs a gene prioritization job end to end: inputs checked and normalized (step 1), the flow's
/// model calls through FlowRunner (steps 2, 3 and the claim split of 5, each call recorded and
/// cached), then the computed steps 4 to 7, the report stored in the run and written to disk.
public enum GenePrioritizer {
    public struct Outcome: Sendable {
        public let report: GeneReport
        public let markdownPath: String
        public let jsonPath: String
    }

    /// - Parameters:
    ///   - resolveModel: called once every input passed its checks, to find (or fetch) the model
    ///     that replaces `job.model`; a bad module id or file is reported before any download.
    ///   - onStart: told the run id once every input passed its checks and the model is loaded,
    ///     just before the first call.
    public static func run(_ job: GeneJob, resolveModel: (() throws -> FlowLaunch.Model)? = nil,
                           onStart: (RunID) -> Void = { _ in }) async throws -> Outcome {
        var job = job
        let knowledge = try KnowledgeBase(directory: job.dataDirectory)
        let plan = try GenePlan(job: job, knowledge: knowledge)
        let flow = try CheckedFlow.load(file: job.flowFile, promptsRoot: job.promptsRoot)
        let inputs = plan.flowInputs
        let problems = flow.validateInputs(inputs)
        guard problems.isEmpty else { throw FlowRunError.invalidInputs(flow: flow.file, problems: problems) }
        if let resolveModel { job.model = try resolveModel() }

        let (provider, secrets) = try makeProvider(job)
        let store = try FlowLaunch.openStore(job.databasePath, secrets: secrets)
        let runner = FlowRunner(store: store, models: ModelRegistry(default: provider),
                                options: RunOptions(noCache: job.noCache, consiliumVersion: job.consiliumVersion))
        onStart(job.runID)
        let result = try await runner.run(flow, inputs: inputs, runID: job.runID)
        let analysis = try GeneAnalysis(plan: plan, outputs: result.outputs, checker: ClaimChecker(knowledge: knowledge), top: job.top)
        let report = GeneReport(runID: result.runID.rawValue, analysis: analysis, statistics: result.statistics,
                                failedItems: result.failures.count)
        // The computed steps' results join the run's record beside the flow's own outputs.
        _ = try store.storeJSON(run: result.runID, role: .output, name: "gene_report", value: report.jsonValue)
        _ = try store.storeJSON(run: result.runID, role: .intermediate, name: "symbol_mapping", value: plan.normalized.jsonValue)
        try recordScores(analysis, run: result.runID, store: store)
        let paths = try report.write(to: job.outputDirectory)
        return Outcome(report: report, markdownPath: paths.markdown, jsonPath: paths.json)
    }

    /// The silver-set and replicate-agreement metrics as the run's scores, on the `scores` step
    /// whose answers they measure: item "" for every scored gene, else the module id; metric
    /// `silver.SET.MEASURE` or `replicates.CRITERION.MEASURE`. An undefined measure (no members
    /// among the genes, a constant list) is left out, not stored as 0.
    static func recordScores(_ analysis: GeneAnalysis, run: RunID, store: ProvenanceStore) throws {
        let groups = [("", analysis.silver)] + analysis.modules.map { ($0.id, $0.silver) }
        for (item, scores) in groups {
            for score in scores {
                let details: JSONValue = .object(["criterion": .string(score.criterion), "genes": .number(Double(score.genes)),
                                                  "positives": .number(Double(score.positives))])
                var values: [(String, Double?)] = [("auroc", score.areaUnderROC), ("average_precision", score.averagePrecision)]
                for cut in score.atK { values += [("precision_at_\(cut.k)", cut.precision), ("recall_at_\(cut.k)", cut.recall)] }
                for case let (measure, value?) in values {
                    try store.recordScore(run: run, step: "scores", item: item, metric: "silver.\(score.set).\(measure)",
                                          value: value, details: details)
                }
            }
        }
        for agreement in analysis.replicateAgreement {
            let details: JSONValue = .object(["genes": .number(Double(agreement.genes)), "raters": .number(Double(agreement.raters)),
                                              "top_k": .number(Double(agreement.k))])
            let values: [(String, Double?)] = [("pearson", agreement.pearson), ("spearman", agreement.spearman), ("icc_a1", agreement.icc),
                                               ("weighted_kappa_linear", agreement.weightedKappa), ("top_k_overlap", agreement.topKOverlap)]
            for case let (measure, value?) in values {
                try store.recordScore(run: run, step: "scores", metric: "replicates.\(agreement.criterion).\(measure)",
                                      value: value, details: details)
            }
        }
    }

    /// The provider, and the secret values the store must never hold (its API key).
    static func makeProvider(_ job: GeneJob) throws -> (any ModelProvider, [String]) {
        switch job.model {
        case .loaded(let model, let secrets):
            return (model.provider, secrets)
        case .localFile(let path, let threads, let sha256):
            return (LocalProvider(model: try LocalModel(path: path), threads: threads, sha256: sha256, reusePrefixCache: job.reusePrefix,
                                  generationLog: try GenerationLog.fromEnvironment(job.environment)), [])
        case .config(let config):
            var secrets: [String] = []
            switch config.source {
            case .openai(let remote), .anthropic(let remote):
                if let variable = remote.apiKeyVariable, let key = job.environment[variable], !key.isEmpty { secrets.append(key) }
            case .local:
                break
            }
            return (try config.makeProvider(environment: job.environment), secrets)
        }
    }
}
