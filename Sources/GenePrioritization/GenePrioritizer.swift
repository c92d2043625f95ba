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

    /// - Parameter onStart: told the run id once every input passed its checks and the model is
    ///   loaded, just before the first call.
    public static func run(_ job: GeneJob, onStart: (RunID) -> Void = { _ in }) async throws -> Outcome {
        let knowledge = try KnowledgeBase(directory: job.dataDirectory)
        let plan = try GenePlan(job: job, knowledge: knowledge)
        let flow = try CheckedFlow.load(file: job.flowFile, promptsRoot: job.promptsRoot)
        let inputs = plan.flowInputs
        let problems = flow.validateInputs(inputs)
        guard problems.isEmpty else { throw FlowRunError.invalidInputs(flow: flow.file, problems: problems) }

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
        let paths = try report.write(to: job.outputDirectory)
        return Outcome(report: report, markdownPath: paths.markdown, jsonPath: paths.json)
    }

    /// The provider, and the secret values the store must never hold (its API key).
    static func makeProvider(_ job: GeneJob) throws -> (any ModelProvider, [String]) {
        switch job.model {
        case .loaded(let model, let secrets):
            return (model.provider, secrets)
        case .localFile(let path, let threads, let sha256):
            return (LocalProvider(model: try LocalModel(path: path), threads: threads, sha256: sha256, reusePrefixCache: job.reusePrefix), [])
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
