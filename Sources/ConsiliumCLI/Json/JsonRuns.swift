import FlowRunner
import Foundation
import Provenance
import Providers
import Support

/// The flow ops: `run` and `resume` (as `consilium run --json`), and `runs.list`, `runs.show`,
/// `runs.export` (as the `runs` commands). `db` defaults to $CONSILIUM_DB, then the user's store.
enum JsonRuns {
    static func run(_ fields: JsonFields, resume: Bool, context: CommandContext) async throws -> JSONValue {
        let flow = try fields.string("flow")
        let resumeID = resume ? RunID(try fields.string("run_id")) : nil
        let inputs: [String: JSONValue]
        if resume {
            inputs = [:]
        } else if let given = fields.value("inputs") {
            guard let members = given.objectValue else {
                throw JsonFailure(.invalidRequest, "expected an object of input name to value, found \(given.typeName)", path: fields.at("inputs"))
            }
            inputs = members
        } else {
            inputs = [:]
        }
        let model = try fields.optionalString("model")
        let provider = try fields.optionalString("provider")
        let database = try fields.optionalString("db")
        let noCache = try fields.optionalBool("no_cache") ?? false
        let threads = try fields.optionalInt("threads", in: 1...512) ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        try fields.finish()
        if model != nil, provider != nil {
            throw JsonFailure(.invalidRequest, "give either model or provider, not both", path: fields.at("provider"))
        }
        guard FileManager.default.fileExists(atPath: flow) else {
            throw JsonFailure(.flowInvalid, "\(flow): no such flow file", path: fields.at("flow"))
        }

        let source: FlowLaunch.Model
        if let provider {
            guard let data = FileManager.default.contents(atPath: provider) else {
                throw JsonFailure(.invalidRequest, "\(provider): cannot read the provider configuration", path: fields.at("provider"))
            }
            do { source = .config(try ProviderConfig(parsing: String(decoding: data, as: UTF8.self))) } catch {
                throw JsonFailure(.invalidRequest, "\(provider): \(error)", path: fields.at("provider"))
            }
        } else {
            let file = try ModelResolution.resolve(model ?? ModelResolution.defaultModelID, context: context)
            source = .localFile(path: file.path, threads: threads, sha256: file.sha256.hex)
        }
        let launch = FlowLaunch(flowFile: URL(fileURLWithPath: flow), inputs: inputs, model: source,
                                databasePath: database ?? FlowLaunch.defaultDatabasePath(environment: context.environment),
                                noCache: noCache, resume: resumeID, consiliumVersion: Consilium.version,
                                environment: context.environment)
        do {
            let result = try await launch.start { id in context.stderr.writeLine(resume ? "resuming run \(id)" : "run \(id)") }
            return RunReport.json(result)
        } catch {
            let failure = JsonSession.classify(error)
            // A failure the library did not type (a provider, a step) happened while running.
            throw failure.code == .internal ? JsonFailure(.runFailed, failure.message) : failure
        }
    }

    static func list(_ fields: JsonFields, context: CommandContext) throws -> JSONValue {
        let store = try open(fields, context: context)
        try fields.finish()
        return ["runs": .array(try store.runs().map(RunReport.json))]
    }

    static func show(_ fields: JsonFields, context: CommandContext) throws -> JSONValue {
        let id = RunID(try fields.string("run_id"))
        let store = try open(fields, context: context)
        try fields.finish()
        return try RunReport.summary(store: store, run: id)
    }

    static func export(_ fields: JsonFields, context: CommandContext) throws -> JSONValue {
        let id = RunID(try fields.string("run_id"))
        let prov = try fields.optionalBool("prov") ?? false
        let store = try open(fields, context: context)
        try fields.finish()
        guard try store.run(id) != nil else { throw ProvenanceError.runNotFound(id) }
        return prov ? try store.exportPROV(id) : try store.exportRun(id)
    }

    /// Opens an existing database; looking at runs never creates one.
    private static func open(_ fields: JsonFields, context: CommandContext) throws -> ProvenanceStore {
        let path = try fields.optionalString("db") ?? FlowLaunch.defaultDatabasePath(environment: context.environment)
        guard FileManager.default.fileExists(atPath: path) else {
            throw JsonFailure(.invalidRequest, "no provenance database at \(path) (give db or set CONSILIUM_DB)", path: fields.at("db"))
        }
        do { return try ProvenanceStore(path: path) } catch {
            throw JsonFailure(.invalidRequest, "\(path): not a usable provenance database: \(error)", path: fields.at("db"))
        }
    }
}
