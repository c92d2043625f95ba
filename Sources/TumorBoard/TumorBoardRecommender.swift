import Foundation
import FlowRunner
import Oncology
import Provenance
import Support
import Workflow

/// The tumor-board flow for one case at a time: retrieve the knowledge-base rows (deterministic,
/// before any model call), run `flows/tumor-board.json` with them in the prompt, verify the answer
/// against the knowledge base and the reference library, and store the retrieval and the report in
/// the run's record beside the flow's own steps and calls.
public struct TumorBoardRecommender: Sendable {
    public let flow: CheckedFlow
    public let runner: FlowRunner
    public let knowledgeBase: KnowledgeBaseFiles
    public let verifier: OptionVerifier
    public let references: ReferenceLibrary

    /// The flow's model step sets no temperature; a runner whose options set none either decodes
    /// greedily here (temperature 0), so a plain run is reproducible.
    public init(resources: TumorBoardResources, knowledgeBase: KnowledgeBaseFiles, references: ReferenceLibrary,
                runner: FlowRunner) throws {
        self.init(flow: try CheckedFlow.load(file: resources.flowFile, promptsRoot: resources.promptsRoot, metrics: runner.metrics.catalog),
                  runner: runner.options.sampling.temperature == nil ? Self.runner(runner, temperature: 0, seed: runner.options.sampling.seed) : runner,
                  knowledgeBase: knowledgeBase, verifier: OptionVerifier(normalizer: try resources.normalizer()), references: references)
    }

    init(flow: CheckedFlow, runner: FlowRunner, knowledgeBase: KnowledgeBaseFiles, verifier: OptionVerifier, references: ReferenceLibrary) {
        self.flow = flow
        self.runner = runner
        self.knowledgeBase = knowledgeBase
        self.verifier = verifier
        self.references = references
    }

    /// The same recommender sampling at `temperature` with `seed`: one member of an ensemble of runs.
    public func sampling(temperature: Double, seed: Int) -> TumorBoardRecommender {
        TumorBoardRecommender(flow: flow, runner: Self.runner(runner, temperature: temperature, seed: seed), knowledgeBase: knowledgeBase,
                              verifier: verifier, references: references)
    }

    static func runner(_ runner: FlowRunner, temperature: Double, seed: Int?) -> FlowRunner {
        var sampling = runner.options.sampling
        sampling.temperature = temperature
        sampling.seed = seed
        var options = runner.options
        options.sampling = sampling
        return FlowRunner(store: runner.store, models: runner.models, metrics: runner.metrics, options: options)
    }

    public var modelName: String { runner.models.model(forStep: "options").identity.modelID }

    public func recommend(_ patient: PatientCase) async throws -> (CaseRecommendation, TumorBoardReport) {
        let matches = knowledgeBase.knowledgeBase.retrieve(patient)
        let shown = CasePrompt.shown(matches)
        let inputs: [String: JSONValue] = ["case": CasePrompt.caseInput(patient), "evidence": CasePrompt.evidenceInput(shown)]
        let result = try await runner.run(flow, inputs: inputs)
        let recommendation = CaseRecommendation(patient: patient, runID: result.runID, model: modelName, matches: matches,
                                                shown: shown, answer: read(result.outputs["options"] ?? .null, patient: patient, matches: matches),
                                                statistics: result.statistics)
        let report = TumorBoardReport(recommendation, knowledgeBase: knowledgeBase.files)
        try runner.store.storeJSON(run: result.runID, role: .intermediate, name: "retrieval",
                                   value: .array(matches.map(TumorBoardReport.json)))
        try runner.store.storeJSON(run: result.runID, role: .output, name: "tumorboard-report", value: report.json)
        try runner.store.storeArtifact(run: result.runID, role: .output, name: "tumorboard-report.md",
                                       bytes: Data(report.markdown.utf8), mediaType: "text/markdown")
        return (recommendation, report)
    }

    private func read(_ output: JSONValue, patient: PatientCase, matches: [KBMatch]) -> CaseAnswer {
        if let failure = ItemFailure(json: output) { return .unusable(reason: failure.description) }
        do {
            let options = try TreatmentOptions.read(output, source: "\(patient.id) answer")
            return .verified(verifier.verify(options, for: patient, matches: matches, references: references))
        } catch {
            return .unusable(reason: "\(error)")
        }
    }
}

extension ReferenceLibrary {
    /// A reference list file: one PMID or NCT id per line; blank lines and `#` comments skipped.
    public static func read(path: String) throws -> ReferenceLibrary {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TumorBoardError.resources(path: path, reason: "cannot read the reference list")
        }
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        return ReferenceLibrary(citations: lines, label: (path as NSString).lastPathComponent)
    }
}
