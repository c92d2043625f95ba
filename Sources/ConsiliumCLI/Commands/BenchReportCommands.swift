import ExamRunner
import Exams
import Foundation
import Provenance
import Support

/// How the bench commands print runs: Markdown or JSON on standard output, report files on request.
enum BenchOutput {
    static func print(_ results: [ExamRunResult], tag: String?, json: Bool, out: String?, text: ItemTable.TextPolicy,
                      comparisons: [ComparisonReport] = [], context: CommandContext) throws {
        if json {
            context.stdout.writeLine(JSONValue.array(try results.map { try $0.json(tag: tag) }).prettyText)
        } else {
            let reports = try results.map { try $0.report(tag: tag) }
            context.stdout.write(ExamReportFiles.markdown(results, reports: reports, comparisons: comparisons))
        }
        for result in results where result.scores.transportErrors > 0 || result.scores.missingItems > 0 {
            let s = result.scores
            context.stderr.writeLine("run \(result.runID): \(s.transportErrors) transport error(s), \(s.missingItems) item(s) not asked; "
                + "continue with: consilium bench run --resume \(result.runID)\(s.transportErrors > 0 ? " --retry-errors" : "")")
        }
        if let out {
            let files = try ExamReportFiles.write(results, to: out, tag: tag, text: text, comparisons: comparisons)
            context.stderr.writeLine("wrote \(files.count) files to \(out)")
        }
    }

    /// The stored runs named, scored from their recorded calls with the current extractor.
    static func load(_ ids: [String], store: ProvenanceStore) throws -> [ExamRunResult] {
        try ids.map { try StoredExamRun.load(RunID($0), store: store).result(store: store) }
    }
}

/// `consilium bench report RUN...`: the tables of stored runs, and optionally an HTML page.
struct BenchReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Report stored exam runs: accuracy with Wilson CIs, failures apart, baselines, letter histogram.",
        discussion: "Scores come from the runs' recorded calls; no model is called. Reports print ids and numbers, not item text.",
        options: [
            RunsDatabase.option,
            OptionSpec("by", valueName: "TAG", help: "Break the report down by this tag, e.g. subject."),
            OptionSpec("html", valueName: "FILE", help: "Also write a self-contained HTML report (SVG charts, no script)."),
            OptionSpec("out", valueName: "DIR", help: "Write report.md, .csv, .json, .html and per-run item CSVs here."),
        ],
        flags: [FlagSpec("json", help: "Print the runs' summaries as JSON instead of Markdown.")],
        positionals: [PositionalSpec("run", help: "Exam run ids, as 'bench run' printed them.", .variadic)])

    let runs: [String]
    let database: String?
    let by: String?
    let html: String?
    let out: String?
    let json: Bool

    init(_ args: ParsedArguments) throws {
        runs = args.positionals
        if runs.isEmpty { throw args.invalid("run", "give at least one run id") }
        database = try args.optionalString("db")
        by = try args.optionalString("by")
        html = try args.optionalString("html")
        out = try args.optionalString("out")
        json = try args.flag("json")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let results = try BenchOutput.load(runs, store: try RunsDatabase.store(database, context))
        try BenchOutput.print(results, tag: by, json: json, out: out, text: ItemTable.TextPolicy(), context: context)
        if let html {
            let page = ExamReportFiles.html(results, reports: try results.map { try $0.report(tag: by) })
            do { try Data(page.utf8).write(to: URL(fileURLWithPath: html)) } catch {
                throw CommandFailure("\(html): cannot write the HTML report: \(error.localizedDescription)")
            }
            context.stderr.writeLine("wrote \(html)")
        }
        return 0
    }
}

/// `consilium bench compare RUN_A RUN_B`: a paired comparison of two runs on the same set.
struct BenchCompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Compare two exam runs on the same items: McNemar exact test, paired-bootstrap CI, Holm across tag values.",
        discussion: "Items are paired by id; failures of any kind count as wrong. The difference is the first run minus the second.",
        options: [
            RunsDatabase.option,
            OptionSpec("tag", valueName: "TAG", help: "Also compare per value of this tag (Holm-corrected), e.g. subject."),
        ],
        flags: [FlagSpec("json", help: "Print the comparison as JSON instead of Markdown.")],
        positionals: [PositionalSpec("run-a", help: "The first run id."), PositionalSpec("run-b", help: "The second run id.")])

    let first: String
    let second: String
    let database: String?
    let tag: String?
    let json: Bool

    init(_ args: ParsedArguments) throws {
        first = try args.positional(0)
        second = try args.positional(1)
        if first == second { throw args.invalid("run-b", "compare two different runs") }
        database = try args.optionalString("db")
        tag = try args.optionalString("tag")
        json = try args.flag("json")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let results = try BenchOutput.load([first, second], store: try RunsDatabase.store(database, context))
        let comparison = try ExamRunComparison.compare(results[0], results[1], tag: tag)
        if json {
            context.stdout.writeLine(ExamReportWriter.json(comparison: comparison).prettyText)
        } else {
            for result in results { context.stdout.writeLine("- \(result.name): " + ExamReportFiles.settingsLine(result)) }
            context.stdout.writeLine("")
            context.stdout.write(ExamReportWriter.markdown(comparison: comparison))
        }
        return 0
    }
}

/// `consilium bench rescore RUN`: the stored replies read again by the current extractor.
struct BenchRescoreCommand: Command {
    static let spec = CommandSpec(
        name: "rescore",
        abstract: "Score a run's stored replies again with the current answer extractor; no model is called.",
        discussion: "Prints the new table and how many items changed outcome against the scores the run recorded.",
        options: [RunsDatabase.option, OptionSpec("by", valueName: "TAG", help: "Break the report down by this tag.")],
        flags: [FlagSpec("json", help: "Print the summary as JSON instead of Markdown.")],
        positionals: [PositionalSpec("run", help: "The exam run id.")])

    let run: String
    let database: String?
    let by: String?
    let json: Bool

    init(_ args: ParsedArguments) throws {
        run = try args.positional(0)
        database = try args.optionalString("db")
        by = try args.optionalString("by")
        json = try args.flag("json")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let store = try RunsDatabase.store(database, context)
        let rescoring = try ExamRescoring.rescore(RunID(run), store: store)
        try BenchOutput.print([rescoring.result], tag: by, json: json, out: nil, text: ItemTable.TextPolicy(), context: context)
        context.stderr.writeLine("extractor v\(rescoring.previousVersion) -> v\(rescoring.result.scores.scored.first?.extractorVersion ?? AnswerExtractor.currentVersion): "
            + "\(rescoring.changed.count) of \(rescoring.result.scores.scored.count) item outcomes changed")
        return 0
    }
}
