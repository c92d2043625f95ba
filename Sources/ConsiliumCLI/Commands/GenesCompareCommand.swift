import GenePrioritization
import Provenance
import Support

/// `consilium genes compare RUN_A RUN_B`: how far two gene prioritization runs (two models, or
/// two prompt versions) agree, per criterion, over the genes both scored.
struct GenesCompareCommand: Command {
    static let spec = CommandSpec(
        name: "compare",
        abstract: "Compare two gene prioritization runs: Pearson and Spearman r, ICC, weighted kappa and top-k overlap per criterion.",
        discussion: "Both runs are read from the provenance database (their gene_report outputs) and must use the same criteria preset.",
        options: [RunsDatabase.option,
                  OptionSpec("top", valueName: "K", help: "The k of the top-k overlap (default: 10).")],
        flags: [FlagSpec("json", help: "Print the comparison as JSON.")],
        positionals: [PositionalSpec("run-a", help: "The first run, as 'runs list' shows it."),
                      PositionalSpec("run-b", help: "The second run.")])

    let database: String?
    let first: RunID
    let second: RunID
    let top: Int
    let json: Bool

    init(_ args: ParsedArguments) throws {
        database = try args.optionalString("db")
        first = RunID(try args.positional(0))
        second = RunID(try args.positional(1))
        top = try args.optionalInt("top", in: 1...1000) ?? 10
        json = try args.flag("json")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let store = try RunsDatabase.store(database, context)
        let comparison = try GeneRunComparison(store: store, first: first, second: second, top: top)
        if json {
            context.stdout.writeLine(comparison.jsonValue.prettyText)
        } else {
            context.stdout.write(comparison.markdown)
        }
        return 0
    }
}
