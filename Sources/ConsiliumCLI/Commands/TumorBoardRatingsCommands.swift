import FlowRunner
import Foundation
import Provenance
import TumorBoard

/// `consilium tumorboard export-blinded`: option sets of several sources, shuffled per case under
/// neutral labels, as a rating sheet plus a separate key (the paper's tumor-board survey).
struct TumorBoardExportBlindedCommand: Command {
    static let spec = CommandSpec(
        name: "export-blinded",
        abstract: "Write a blinded rating sheet (CSV) of option sets from several sources, and its key.",
        discussion: """
            Each --rows file holds option rows (consilium.tumorboard.option-rows: the expert reference, or the \
            option-rows.json that 'recommend --out' and 'ensemble --out' write); their 'source' fields are the \
            sources. Per case every source's set is shown under a label A, B, ... drawn from --seed. Give raters \
            the sheet only; keep the key (it unblinds the ratings in 'import-ratings'). Raters fill 'rating' (on \
            --scale), mark one set per case 'x' in 'most_useful', and save the sheet under their own name.
            """,
        options: [
            OptionSpec("rows", valueName: "FILE", help: "An option-rows file; give one per source or several sources in one.", .repeatable),
            OptionSpec("cases", valueName: "FILE", help: "The case file, to show each case's summary and fix the case order."),
            OptionSpec("seed", valueName: "N", help: "The seed of the shuffle (default: 1)."),
            OptionSpec("scale", valueName: "MIN-MAX", help: "The rating scale (default: 1-5, 1 not useful, 5 very useful)."),
            OptionSpec("sheet", valueName: "FILE", help: "Where the rating sheet goes (default: blinded-sheet.csv)."),
            OptionSpec("key", valueName: "FILE", help: "Where the key goes (default: blinded-key.json)."),
        ])

    let rows: [String]
    let cases: String?
    let seed: UInt64
    let scale: RatingScale
    let sheet: String
    let key: String

    init(_ args: ParsedArguments) throws {
        rows = try args.strings("rows")
        if rows.isEmpty { throw args.invalid("rows", "give at least one option-rows file") }
        cases = try args.optionalString("cases")
        seed = UInt64(try args.optionalInt("seed", in: 0...Int.max) ?? 1)
        let scaleText = try args.optionalString("scale") ?? "1-5"
        guard let scale = RatingScale(parsing: scaleText) else { throw args.invalid("scale", "expected MIN-MAX with whole numbers MIN < MAX, found \"\(scaleText)\"") }
        self.scale = scale
        sheet = try args.optionalString("sheet") ?? "blinded-sheet.csv"
        key = try args.optionalString("key") ?? "blinded-key.json"
        if sheet == key { throw args.invalid("key", "the key must be a different file from the sheet") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let export = try BlindedExport.make(rowFiles: rows, casesFile: cases, seed: seed, scale: scale)
        try export.write(sheetPath: sheet, keyPath: key)
        context.stdout.writeLine("wrote \(sheet) (\(export.key.items.count) option sets, \(export.key.caseIDs.count) cases, "
                                 + "\(export.key.sources.count) sources) and its key \(key); give raters the sheet only")
        if export.leftOut > 0 { context.stderr.writeLine("note: \(export.leftOut) option rows of cases not in \(cases ?? "the case file") were left out") }
        return 0
    }
}

/// `consilium tumorboard import-ratings`: raters' sheets checked, unblinded, stored and summarized.
struct TumorBoardImportRatingsCommand: Command {
    static let spec = CommandSpec(
        name: "import-ratings",
        abstract: "Read raters' filled-in sheets, store the ratings in the provenance database and summarize them.",
        discussion: """
            Each sheet is one rater, named by its file name. Every problem (an unknown item id, a rating off the \
            scale, a missing column, two most-useful marks in a case) is reported with its file and line, and \
            nothing is stored until all sheets read cleanly. The summary gives per source the mean rating and \
            the share of most-useful picks, and with two or more raters their agreement (ICC(2,1), Fleiss' and \
            weighted Cohen's kappa, Krippendorff's alpha).
            """,
        options: [
            OptionSpec("key", valueName: "FILE", help: "The key 'export-blinded' wrote with the sheet."),
            RunsDatabase.option,
        ],
        positionals: [PositionalSpec("sheet", help: "A rater's filled-in sheet (CSV).", .variadic)])

    let key: String
    let sheets: [String]
    let database: String?

    init(_ args: ParsedArguments) throws {
        key = try args.string("key")
        sheets = args.positionals
        if sheets.isEmpty { throw args.invalid("sheet", "give at least one rater's sheet") }
        database = try args.optionalString("db")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let (blindingKey, read) = try RatingsImport.read(keyPath: key, sheetPaths: sheets)
        let summary = try RatingSummary(key: blindingKey, sheets: read)
        let store = try FlowLaunch.openStore(database ?? FlowLaunch.defaultDatabasePath(environment: context.environment), secrets: [])
        let run = try RatingsImport.store(key: blindingKey, sheets: read, summary: summary, in: store, consiliumVersion: Consilium.version)
        context.stdout.writeLine(summary.markdown)
        context.stdout.writeLine("")
        context.stdout.writeLine("stored as run \(run)")
        return 0
    }
}
