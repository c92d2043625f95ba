import FlowRunner
import Foundation
import Provenance
import Ratings
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
            --scale, or each column of --rubric), mark one set per case 'x' in 'most_useful' (when the rubric has \
            that pick), and save the sheet under their own name.
            """,
        options: [
            OptionSpec("rows", valueName: "FILE", help: "An option-rows file; give one per source or several sources in one.", .repeatable),
            OptionSpec("cases", valueName: "FILE", help: "The case file, to show each case's summary and fix the case order."),
            OptionSpec("seed", valueName: "N", help: "The seed of the shuffle (default: 1)."),
            OptionSpec("scale", valueName: "MIN-MAX", help: "One 'rating' column on this scale, with 'most_useful' (default: 1-5, 1 not useful, 5 very useful)."),
            OptionSpec("rubric", valueName: "NAME|FILE", help: "A rubric of Prompts/rubrics (e.g. usefulness) or a rubric JSON file, instead of --scale."),
            OptionSpec("prompts", valueName: "DIR", help: "The prompts folder holding rubrics/ (default: Prompts)."),
            OptionSpec("sheet", valueName: "FILE", help: "Where the rating sheet goes (default: blinded-sheet.csv)."),
            OptionSpec("key", valueName: "FILE", help: "Where the key goes (default: blinded-key.json)."),
        ])

    let rows: [String]
    let cases: String?
    let seed: UInt64
    let scale: RatingScale
    let rubric: String?
    let prompts: String
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
        rubric = try args.optionalString("rubric")
        if rubric != nil, try args.isGiven("scale") { throw args.invalid("scale", "give either --scale or --rubric, not both") }
        prompts = try args.optionalString("prompts") ?? "Prompts"
        sheet = try args.optionalString("sheet") ?? "blinded-sheet.csv"
        key = try args.optionalString("key") ?? "blinded-key.json"
        if sheet == key { throw args.invalid("key", "the key must be a different file from the sheet") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let chosen = try rubric.map { try Rubric.resolve($0, promptsRoot: URL(fileURLWithPath: prompts)) } ?? .singleRating(scale: scale)
        let made = try OptionSetRatings.export(rowFiles: rows, casesFile: cases, seed: seed, rubric: chosen)
        try made.export.write(sheetPath: sheet, keyPath: key)
        context.stdout.writeLine("wrote \(sheet) (\(made.export.key.items.count) option sets, \(made.export.key.caseIDs.count) cases, "
                                 + "\(made.export.key.sources.count) sources, rubric \(chosen.name)) and its key \(key); give raters the sheet only")
        if made.leftOut > 0 { context.stderr.writeLine("note: \(made.leftOut) option rows of cases not in \(cases ?? "the case file") were left out") }
        return 0
    }
}

/// `consilium tumorboard import-ratings`: raters' sheets checked, unblinded, stored and summarized.
struct TumorBoardImportRatingsCommand: Command {
    static let spec = CommandSpec(
        name: "import-ratings",
        abstract: "Read raters' filled-in sheets, store the ratings in the provenance database and summarize them.",
        discussion: """
            Each sheet is one rater, named by its file name (or several, named in a 'rater' column). Every problem \
            (an unknown item id, a rating off the scale, a missing column, two most-useful marks in a case) is \
            reported with its file, line and column, and nothing is stored until all sheets read cleanly. Sheets \
            saved by Excel or LibreOffice (BOM, CRLF, ';' delimiter) are read. The summary gives per source and \
            rubric dimension the mean rating with a bootstrap interval over cases, the share of most-useful picks, \
            and with two or more raters their agreement (Fleiss' kappa, Krippendorff's alpha, ICC(2,1), weighted \
            Cohen's kappa per pair), each with a bootstrap interval. Keys written before the rubric version (1) still read.
            """,
        options: RatingSheetsImport.options, flags: RatingSheetsImport.flags, positionals: RatingSheetsImport.positionals)

    let sheets: RatingSheetsImport

    init(_ args: ParsedArguments) throws { sheets = try RatingSheetsImport(args) }

    func run(context: CommandContext) async throws -> Int32 { try sheets.run(flowID: OptionSetRatings.flowID, context: context) }
}
