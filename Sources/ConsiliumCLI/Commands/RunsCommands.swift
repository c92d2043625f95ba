import FlowRunner
import Foundation
import Provenance
import Support

/// The provenance database option: every command that records or reads runs takes this one.
enum RunsDatabase {
    static let option = OptionSpec("db", valueName: "PATH",
                                   help: "The provenance database (default: $CONSILIUM_DB or ~/.local/share/consilium/provenance.sqlite).")

    /// Opens an existing database; looking at runs never creates one.
    static func store(_ path: String?, _ context: CommandContext) throws -> ProvenanceStore {
        let path = path ?? FlowLaunch.defaultDatabasePath(environment: context.environment)
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandFailure("no provenance database at \(path) (give --db PATH or set CONSILIUM_DB)")
        }
        return try ProvenanceStore(path: path)
    }
}

/// `consilium runs list`: every recorded run, newest first.
struct RunsListCommand: Command {
    static let spec = CommandSpec(name: "list", abstract: "List recorded runs, newest first.",
                                  options: [RunsDatabase.option],
                                  flags: [FlagSpec("json", help: "Print a JSON array of runs.")])
    let database: String?
    let json: Bool

    init(_ args: ParsedArguments) throws {
        database = try args.optionalString("db")
        json = try args.flag("json")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let store = try RunsDatabase.store(database, context)
        let runs = try store.runs()
        if json {
            context.stdout.writeLine(JSONValue.array(runs.map(RunReport.json)).prettyText)
        } else {
            RunReport.listing(runs).forEach { context.stdout.writeLine($0) }
        }
        return 0
    }
}

/// `consilium runs show RUN_ID`: a run's steps, call counts, scores and outputs.
struct RunsShowCommand: Command {
    static let spec = CommandSpec(name: "show", abstract: "Show a run: steps, call counts, scores and outputs (JSON).",
                                  options: [RunsDatabase.option],
                                  positionals: [PositionalSpec("run-id", help: "The run, as 'runs list' shows it.")])
    let database: String?
    let runID: RunID

    init(_ args: ParsedArguments) throws {
        database = try args.optionalString("db")
        runID = RunID(try args.positional(0))
    }

    func run(context: CommandContext) async throws -> Int32 {
        let store = try RunsDatabase.store(database, context)
        context.stdout.writeLine(try RunReport.summary(store: store, run: runID).prettyText)
        return 0
    }
}

/// `consilium runs export RUN_ID [--prov]`: everything recorded about a run, as JSON or W3C PROV-JSON.
struct RunsExportCommand: Command {
    static let spec = CommandSpec(name: "export", abstract: "Export a run's full record as JSON, or as W3C PROV-JSON.",
                                  options: [RunsDatabase.option],
                                  flags: [FlagSpec("prov", help: "Write W3C PROV-JSON instead of Consilium's export format.")],
                                  positionals: [PositionalSpec("run-id", help: "The run, as 'runs list' shows it.")])
    let database: String?
    let runID: RunID
    let prov: Bool

    init(_ args: ParsedArguments) throws {
        database = try args.optionalString("db")
        runID = RunID(try args.positional(0))
        prov = try args.flag("prov")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let store = try RunsDatabase.store(database, context)
        let document = prov ? try store.exportPROV(runID) : try store.exportRun(runID)
        context.stdout.writeLine(document.prettyText)
        return 0
    }
}
