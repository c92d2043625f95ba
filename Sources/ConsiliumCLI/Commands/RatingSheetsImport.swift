import FlowRunner
import Foundation
import Provenance
import Ratings

/// What `tumorboard import-ratings` and `bench cases import` share: the key, the raters' sheets,
/// the database and `--json`, read the same way, and one import run stored under the caller's flow id.
struct RatingSheetsImport {
    static let options = [
        OptionSpec("key", valueName: "FILE", help: "The key the export wrote with the sheet."),
        RunsDatabase.option,
    ]
    static let flags = [FlagSpec("json", help: "Print the summary as JSON instead of Markdown.")]
    static let positionals = [PositionalSpec("sheet", help: "A rater's filled-in sheet (CSV).", .variadic)]

    let key: String
    let sheets: [String]
    let database: String?
    let json: Bool

    init(_ args: ParsedArguments) throws {
        key = try args.string("key")
        sheets = args.positionals
        if sheets.isEmpty { throw args.invalid("sheet", "give at least one rater's sheet") }
        database = try args.optionalString("db")
        json = try args.flag("json")
    }

    /// Reads every sheet (all problems reported at once), stores the ratings as one run and prints the summary.
    func run(flowID: String, context: CommandContext) throws -> Int32 {
        let path = database ?? FlowLaunch.defaultDatabasePath(environment: context.environment)
        let (summary, run) = try RatingsImport.run(keyPath: key, sheetPaths: sheets, flowID: flowID,
                                                   openStore: { try FlowLaunch.openStore(path, secrets: []) }, consiliumVersion: Consilium.version)
        context.stdout.writeLine(json ? summary.json.prettyText : summary.markdown)
        context.stdout.writeLine("stored as run \(run)")
        return 0
    }
}
