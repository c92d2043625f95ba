import Foundation
import Provenance
import Providers
import Support
import Workflow

/// A run as the command line describes it: a flow file, inputs, a model, a database. `start`
/// checks the flow (file:line errors) and the inputs before any model is loaded or called.
public struct FlowLaunch: Sendable {
    public enum Model: Sendable {
        /// A GGUF file run by the local provider; `sha256` when already known (else it is hashed).
        case localFile(path: String, threads: Int, sha256: String?)
        /// A provider configuration (ProviderConfig JSON); keys come from the environment.
        case config(ProviderConfig)
        /// A provider already loaded (the REPL's), with the secret values the store must never hold.
        case loaded(RegisteredModel, secrets: [String])
    }

    public var flowFile: URL
    /// Where templates and schemas are found; nil: the flow file's parent's parent.
    public var promptsRoot: URL?
    public var inputs: [String: JSONValue]
    public var model: Model
    public var databasePath: String
    public var noCache: Bool
    /// Finish this run instead of starting one (inputs are the run's own).
    public var resume: RunID?
    /// The id of a new run (chosen by the caller so it can be shown before the run starts).
    public var runID: RunID
    public var consiliumVersion: String
    public var environment: [String: String]

    public init(flowFile: URL, promptsRoot: URL? = nil, inputs: [String: JSONValue], model: Model, databasePath: String,
                noCache: Bool = false, resume: RunID? = nil, runID: RunID = .generate(), consiliumVersion: String,
                environment: [String: String]) {
        self.flowFile = flowFile
        self.promptsRoot = promptsRoot
        self.inputs = inputs
        self.model = model
        self.databasePath = databasePath
        self.noCache = noCache
        self.resume = resume
        self.runID = runID
        self.consiliumVersion = consiliumVersion
        self.environment = environment
    }

    /// `$CONSILIUM_DB`, else `~/.local/share/consilium/provenance.sqlite`.
    public static func defaultDatabasePath(environment: [String: String]) -> String {
        if let path = environment["CONSILIUM_DB"], !path.isEmpty { return path }
        return NSHomeDirectory() + "/.local/share/consilium/provenance.sqlite"
    }

    /// - Parameter onStart: told the run's id once the flow and inputs passed their checks and the
    ///   model is loaded, just before the first step (so a user can note it for `--resume`).
    public func start(onStart: (RunID) -> Void = { _ in }) async throws -> RunResult {
        let metrics = MetricRegistry.standard
        let flow = try CheckedFlow.load(file: flowFile, promptsRoot: promptsRoot, metrics: metrics.catalog)
        if resume == nil {
            let problems = flow.validateInputs(inputs)
            guard problems.isEmpty else { throw FlowRunError.invalidInputs(flow: flow.file, problems: problems) }
        }
        let (model, secrets) = try makeModel()
        let store = try Self.openStore(databasePath, secrets: secrets)
        let runner = FlowRunner(store: store, models: ModelRegistry(default: model), metrics: metrics,
                                options: RunOptions(noCache: noCache, consiliumVersion: consiliumVersion))
        onStart(resume ?? runID)
        if let resume { return try await runner.resume(flow, runID: resume) }
        return try await runner.run(flow, inputs: inputs, runID: runID)
    }

    /// Opens (creating its directory, owner-only, if needed) the store at `path`.
    public static func openStore(_ path: String, secrets: [String] = []) throws -> ProvenanceStore {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
        return try ProvenanceStore(path: path, secrets: secrets)
    }

    /// The model, and the secret values the store must never hold (its API key).
    private func makeModel() throws -> (RegisteredModel, [String]) {
        switch model {
        case .loaded(let model, let secrets):
            return (model, secrets)
        case .localFile(let path, let threads, let sha256):
            return (.describing(try LocalProvider(path: path, threads: threads, sha256: sha256)), [])
        case .config(let config):
            var secrets: [String] = []
            switch config.source {
            case .openai(let remote), .anthropic(let remote):
                if let variable = remote.apiKeyVariable, let key = environment[variable], !key.isEmpty { secrets.append(key) }
            case .local:
                break
            }
            return (.describing(try config.makeProvider(environment: environment)), secrets)
        }
    }
}
