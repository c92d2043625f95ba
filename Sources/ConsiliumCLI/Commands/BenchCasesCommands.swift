import ExamRunner
import FlowRunner
import Foundation
import Provenance
import Ratings

/// `consilium bench cases export DATASET`: a blinded rating sheet of an open-ended set's case answers on a rubric.
struct BenchCasesExportCommand: Command {
    static let spec = CommandSpec(
        name: "export",
        abstract: "Write a blinded rating sheet (CSV) of an open-ended set's case answers on a rubric, and its key.",
        discussion: """
            DATASET is an open-ended set, read from --data. The answers rated are the sources: the answer the set \
            ships per item (radonc-realworld-50 ships one, "shipped answer") and the answers of each --answers RUN \
            ('bench cases answer' runs of the same set, named by their model). Per case every source's answer is shown \
            under a label A, B, ... drawn from --seed, with one empty column per dimension of --rubric \
            (Prompts/rubrics/NAME.json or a file). Items some chosen source did not answer are left out and listed. \
            Give raters the sheet only; keep the key for 'bench cases import'. The question text of a copyrighted set \
            (redactText) is withheld unless --include-text is given. Ratings are people's judgements of unverified \
            answers, not verified results.
            """,
        options: [
            OptionSpec("rubric", valueName: "NAME|FILE", help: "The rubric, e.g. case-answer (default) or radonc-expert."),
            OptionSpec("answers", valueName: "RUN", help: "A case-answer run of this set whose answers are a source.", .repeatable),
            OptionSpec("sources", valueName: "LIST", help: "Comma-separated answer sets to show, by name (default: all: the shipped answer and every --answers run)."),
            RunsDatabase.option,
            OptionSpec("sheet", valueName: "FILE", help: "Where the rating sheet goes (default: cases-sheet.csv)."),
            OptionSpec("key", valueName: "FILE", help: "Where the key goes (default: cases-key.json)."),
            OptionSpec("seed", valueName: "N", help: "The seed of the shuffle (default: 1)."),
            OptionSpec("limit", valueName: "N", help: "Only the first N items that carry an answer."),
            ExamData.option,
            OptionSpec("prompts", valueName: "DIR", help: "The prompts folder holding rubrics/ (default: Prompts)."),
        ],
        flags: [
            FlagSpec("redact-text", help: "Treat a set file as copyrighted: its question text is withheld."),
            FlagSpec("include-text", help: "Write the question text even of a copyrighted set."),
        ],
        positionals: [PositionalSpec("dataset", help: "An open-ended set with answers, e.g. radonc-realworld-50, or a set file.")])

    let dataset: String
    let rubric: String
    let answerRuns: [String]
    let sources: [String]?
    let database: String?
    let sheet: String
    let key: String
    let seed: UInt64
    let limit: Int?
    let dataRoot: String?
    let prompts: String
    let redactText: Bool
    let includeText: Bool

    init(_ args: ParsedArguments) throws {
        dataset = try args.positional(0)
        rubric = try args.optionalString("rubric") ?? "case-answer"
        answerRuns = try args.strings("answers")
        database = try args.optionalString("db")
        if let list = try args.optionalString("sources") {
            let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if names.isEmpty { throw args.invalid("sources", "give at least one answer set, e.g. \"\(CaseAnswerRatings.shippedSource)\"") }
            sources = names
        } else {
            sources = nil
        }
        sheet = try args.optionalString("sheet") ?? "cases-sheet.csv"
        key = try args.optionalString("key") ?? "cases-key.json"
        if sheet == key { throw args.invalid("key", "the key must be a different file from the sheet") }
        seed = UInt64(try args.optionalInt("seed", in: 0...Int.max) ?? 1)
        limit = try args.optionalInt("limit", in: 1...Int.max)
        dataRoot = try args.optionalString("data")
        prompts = try args.optionalString("prompts") ?? "Prompts"
        redactText = try args.flag("redact-text")
        includeText = try args.flag("include-text")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let root = ExamData.root(dataRoot, context)
        var runs: [CaseAnswerRun] = []
        if !answerRuns.isEmpty {
            let store = try FlowLaunch.openStore(database ?? FlowLaunch.defaultDatabasePath(environment: context.environment))
            runs = try answerRuns.map { try CaseAnswerRun.read(RunID($0), store: store) }
        }
        let made = try CaseAnswerRatings.export(
            dataset: .resolve(dataset, root: root, redactText: redactText), limit: limit, sources: sources, answerRuns: runs,
            rubric: try Rubric.resolve(rubric, promptsRoot: URL(fileURLWithPath: prompts)), seed: seed, includeText: includeText)
        try made.export.write(sheetPath: sheet, keyPath: key)
        let k = made.export.key
        context.stdout.writeLine("wrote \(sheet) (\(k.items.count) answers, \(k.caseIDs.count) cases of \(made.dataset), \(k.sources.count) "
                                 + "source\(k.sources.count == 1 ? "" : "s"), rubric \(k.rubric.name)) and its key \(key); give raters the sheet only")
        if made.textWithheld { context.stderr.writeLine("note: \(made.dataset) is marked copyrighted: question text withheld (--include-text to show it)") }
        if !made.leftOut.isEmpty {
            let listed = made.leftOut.prefix(5).map { "\($0.item) (no answer from \($0.lacking.joined(separator: ", ")))" }.joined(separator: "; ")
            context.stderr.writeLine("note: \(made.leftOut.count) items left out because a source did not answer them: \(listed)"
                                     + (made.leftOut.count > 5 ? "; ..." : ""))
        }
        if !made.loadProblems.isEmpty { context.stderr.writeLine("note: \(made.loadProblems.count) items of \(made.dataset) could not be loaded and are left out") }
        return 0
    }
}

/// `consilium bench cases import --key K SHEET...`: raters' sheets checked, unblinded, stored and summarized.
struct BenchCasesImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        abstract: "Read raters' filled-in case-answer sheets, store the ratings in the provenance database and summarize them.",
        discussion: """
            Each sheet is one rater, named by its file name, or several raters named in a 'rater' column. Every \
            problem of every sheet (an unknown item id, a rating off its dimension's scale, an item rated twice, a \
            missing column) is reported with its file, line and column, and nothing is stored until all read \
            cleanly. Sheets saved by Excel or LibreOffice (BOM, CRLF, ';' delimiter) are read. The summary gives \
            per source and dimension the mean with a bootstrap interval over cases, and with two or more raters \
            their agreement per dimension (Fleiss' kappa, Krippendorff's alpha, ICC(2,1), weighted Cohen's kappa per \
            pair), each with a bootstrap interval over items (fixed seed, recorded).
            """,
        options: RatingSheetsImport.options, flags: RatingSheetsImport.flags, positionals: RatingSheetsImport.positionals)

    let sheets: RatingSheetsImport

    init(_ args: ParsedArguments) throws { sheets = try RatingSheetsImport(args) }

    func run(context: CommandContext) async throws -> Int32 { try sheets.run(flowID: CaseAnswerRatings.flowID, context: context) }
}
