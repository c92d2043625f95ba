import FlowRunner
import Foundation
import Genes
import Provenance

/// One gene prioritization job as the command line describes it: the modules, the criteria
/// preset, replicates, the model and where everything is read and written.
public struct GeneJob: Sendable {
    /// Sample data for step 7: a genes-by-samples matrix and, optionally, sample groups to compare.
    public struct Expression: Sendable {
        public var matrix: String
        public var groups: String?
        public var caseGroup: String?
        public var controlGroup: String?

        public init(matrix: String, groups: String? = nil, caseGroup: String? = nil, controlGroup: String? = nil) {
            self.matrix = matrix
            self.groups = groups
            self.caseGroup = caseGroup
            self.controlGroup = controlGroup
        }
    }

    public var modules: ModuleSource
    /// The Prompts directory (flows, templates, schemas, criteria).
    public var promptsRoot: URL
    /// The knowledge files (Benchmarks/genes/data layout): HGNC, GO, Hallmark, Reactome, summaries.
    public var dataDirectory: String
    public var criteria: String
    public var replicates: Int
    /// Top candidates to pick per module.
    public var top: Int
    /// Score only the first N genes of each module (quick runs).
    public var limitGenes: Int?
    public var expression: Expression?
    public var model: FlowLaunch.Model
    /// Keep the local model's KV cache across calls so the shared prompt prefix is not re-read.
    /// Off by default: measured, the reused prefix changes later answers (a different split of the
    /// prefill gives different rounding), so answers would depend on the order of the calls.
    public var reusePrefix: Bool
    public var databasePath: String
    public var noCache: Bool
    public var runID: RunID
    public var outputDirectory: String
    public var consiliumVersion: String
    public var environment: [String: String]

    public init(modules: ModuleSource, promptsRoot: URL, dataDirectory: String, criteria: String = "toufiq2023-erythroid",
                replicates: Int = 3, top: Int = 5, limitGenes: Int? = nil, expression: Expression? = nil,
                model: FlowLaunch.Model, reusePrefix: Bool = false, databasePath: String, noCache: Bool = false,
                runID: RunID = .generate(), outputDirectory: String, consiliumVersion: String, environment: [String: String]) {
        self.modules = modules
        self.promptsRoot = promptsRoot
        self.dataDirectory = dataDirectory
        self.criteria = criteria
        self.replicates = replicates
        self.top = top
        self.limitGenes = limitGenes
        self.expression = expression
        self.model = model
        self.reusePrefix = reusePrefix
        self.databasePath = databasePath
        self.noCache = noCache
        self.runID = runID
        self.outputDirectory = outputDirectory
        self.consiliumVersion = consiliumVersion
        self.environment = environment
    }

    public var flowFile: URL { promptsRoot.appendingPathComponent("flows/gene-prioritization.json") }
}
