import Foundation

/// The `consilium` program: the command table and the spec tree built from it.
public enum Consilium {
    public static let version = "0.1.0"

    /// Every runnable command by its path below `consilium`. Add a command here and, when it sits
    /// in a new group, the group's one-line description to `groups`.
    static let commands: [[String]: any Command.Type] = [
        ["bench", "cases", "answer"]: BenchCasesAnswerCommand.self,
        ["bench", "cases", "export"]: BenchCasesExportCommand.self,
        ["bench", "cases", "import"]: BenchCasesImportCommand.self,
        ["bench", "compare"]: BenchCompareCommand.self,
        ["bench", "judge"]: BenchJudgeCommand.self,
        ["bench", "report"]: BenchReportCommand.self,
        ["bench", "rescore"]: BenchRescoreCommand.self,
        ["bench", "run"]: BenchRunCommand.self,
        ["generate"]: GenerateCommand.self,
        ["genes", "bench"]: GenesBenchCommand.self,
        ["genes", "compare"]: GenesCompareCommand.self,
        ["genes", "prioritize"]: GenesPrioritizeCommand.self,
        ["json"]: JsonCommand.self,
        ["repl"]: ReplCommand.self,
        ["models", "fetch"]: ModelsFetchCommand.self,
        ["models", "info"]: ModelsInfoCommand.self,
        ["models", "list"]: ModelsListCommand.self,
        ["run"]: RunCommand.self,
        ["runs", "list"]: RunsListCommand.self,
        ["runs", "show"]: RunsShowCommand.self,
        ["runs", "export"]: RunsExportCommand.self,
        ["tumorboard", "recommend"]: TumorBoardRecommendCommand.self,
        ["tumorboard", "bench"]: TumorBoardBenchCommand.self,
        ["tumorboard", "ensemble"]: TumorBoardEnsembleCommand.self,
        ["tumorboard", "export-blinded"]: TumorBoardExportBlindedCommand.self,
        ["tumorboard", "import-ratings"]: TumorBoardImportRatingsCommand.self,
        ["version"]: VersionCommand.self,
    ]

    /// Descriptions of the command groups (paths with subcommands but no command of their own).
    static let groups: [[String]: String] = [
        ["bench"]: "Exam benchmarks: run models over question sets, report, compare and rescore runs; judge case answers.",
        ["bench", "cases"]: "Free-text case answers: models answer open-ended sets; people rate them through a blinded sheet (export, import).",
        ["genes"]: "Gene prioritization within transcriptome modules.",
        ["models"]: "List, inspect and fetch models.",
        ["runs"]: "Inspect and export recorded runs.",
        ["tumorboard"]: "Grounded, verified treatment options for molecular tumor boards (decision support).",
    ]

    /// The spec tree: each command's own spec placed under its group.
    public static func rootSpec() -> CommandSpec {
        func node(_ path: [String]) -> CommandSpec {
            if let type = commands[path] { return type.spec }
            let children = Set(commands.keys.filter { $0.count > path.count && Array($0.prefix(path.count)) == path }
                .map { $0[path.count] }).sorted()
            let name = path.last ?? "consilium"
            let abstract = path.isEmpty
                ? "LLM-assisted decision support for precision medicine; outputs are decision support, not decisions."
                : groups[path] ?? ""
            return CommandSpec(name: name, abstract: abstract, subcommands: children.map { node(path + [$0]) })
        }
        return node([])
    }

    public static func router() throws -> CommandRouter {
        try CommandRouter(root: rootSpec(), commands: commands)
    }

    /// Runs the program on `arguments` (argv, the program first) and returns the exit status.
    public static func main(_ arguments: [String], context: CommandContext = .standard) async -> Int32 {
        do {
            return try await router().run(arguments, context: context)
        } catch {
            context.stderr.writeLine("internal error: \(error)")
            return CommandRouter.failureStatus
        }
    }
}
