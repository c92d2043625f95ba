import FlowRunner
import Foundation
import Provenance
import Support

/// One run of a gene benchmark (`genes bench go-naming`, `genes bench gwas-causal`) as the
/// command line describes it: the benchmark file, the model and where everything is written.
public struct GeneBenchJob: Sendable {
    /// The benchmark's items: GO sets with controls, or GWAS loci with candidate genes.
    public var dataPath: String
    /// Published answers to put beside the model's (GPT-4's GO names); nil where there are none.
    public var publishedPath: String?
    public var promptsRoot: URL
    /// Use the first `limit` items of the file.
    public var limit: Int
    public var model: FlowLaunch.Model
    /// A label for the report (catalog id or file name).
    public var modelLabel: String
    public var databasePath: String
    public var noCache: Bool
    public var runID: RunID
    public var outputDirectory: String
    public var consiliumVersion: String
    public var environment: [String: String]

    public init(dataPath: String, publishedPath: String? = nil, promptsRoot: URL, limit: Int, model: FlowLaunch.Model,
                modelLabel: String, databasePath: String, noCache: Bool = false, runID: RunID = .generate(),
                outputDirectory: String, consiliumVersion: String, environment: [String: String]) {
        self.dataPath = dataPath
        self.publishedPath = publishedPath
        self.promptsRoot = promptsRoot
        self.limit = limit
        self.model = model
        self.modelLabel = modelLabel
        self.databasePath = databasePath
        self.noCache = noCache
        self.runID = runID
        self.outputDirectory = outputDirectory
        self.consiliumVersion = consiliumVersion
        self.environment = environment
    }

    /// The flow launch for `flow` (a file in Prompts/flows) with `inputs`.
    func launch(flow: String, inputs: [String: JSONValue]) -> FlowLaunch {
        FlowLaunch(flowFile: promptsRoot.appendingPathComponent("flows/\(flow)"), promptsRoot: promptsRoot, inputs: inputs,
                   model: model, databasePath: databasePath, noCache: noCache, runID: runID,
                   consiliumVersion: consiliumVersion, environment: environment)
    }

    /// Writes report.md and report.json into `outputDirectory` (created if needed).
    func writeReport(markdown: String, json: JSONValue) throws -> (markdown: String, json: String) {
        try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
        let base = URL(fileURLWithPath: outputDirectory)
        let markdownURL = base.appendingPathComponent("report.md"), jsonURL = base.appendingPathComponent("report.json")
        try Data(markdown.utf8).write(to: markdownURL, options: .atomic)
        try Data((json.prettyText + "\n").utf8).write(to: jsonURL, options: .atomic)
        return (markdownURL.path, jsonURL.path)
    }
}

/// What a gene benchmark run gives back: the scored result, the run and where the report went.
public struct GeneBenchOutcome<Result: Sendable>: Sendable {
    public let result: Result
    public let runID: RunID
    public let statistics: RunStatistics
    public let markdownPath: String
    public let jsonPath: String
}
