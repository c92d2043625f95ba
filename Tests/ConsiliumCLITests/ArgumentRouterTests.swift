import ConsiliumCLI
import Foundation
import XCTest

// Two small commands, declared as Consilium's will be, that the router really runs.

/// Prints its words, optionally several times, upper-cased, or with an environment variable.
private struct EchoCommand: Command {
    static let spec = CommandSpec(
        name: "echo", abstract: "Print words.",
        options: [
            OptionSpec("times", valueName: "n", help: "How many times to print them.", .defaulted("1")),
            OptionSpec("status", valueName: "code", help: "Exit status to return.", .defaulted("0")),
            OptionSpec("env", valueName: "name", help: "Also print this environment variable."),
        ],
        flags: [FlagSpec("upper", help: "Upper-case the words."), FlagSpec("lower", help: "Lower-case the words.")],
        positionals: [PositionalSpec("words", help: "Words to print.", .variadic)])

    struct UnsetVariable: Error, CustomStringConvertible {
        var name: String
        var description: String { "environment variable '\(name)' is not set" }
    }

    let words: [String]
    let times: Int
    let status: Int32
    let variable: String?
    let upper: Bool
    let lower: Bool

    init(_ args: ParsedArguments) throws {
        words = args.positionals
        times = try args.int("times", in: 1...10)
        // 0...255 because a process exit status is one byte.
        status = Int32(try args.int("status", in: 0...255))
        variable = try args.optionalString("env")
        upper = try args.flag("upper")
        lower = try args.flag("lower")
        if upper && lower { throw args.invalid("lower", "cannot be combined with --upper") }
    }

    func run(context: CommandContext) async throws -> Int32 {
        var line = words.joined(separator: " ")
        if upper { line = line.uppercased() }
        if lower { line = line.lowercased() }
        if !words.isEmpty {
            for _ in 0..<times { context.stdout.writeLine(line) }
        }
        if let variable {
            guard let value = context.environment[variable] else { throw UnsetVariable(name: variable) }
            context.stdout.writeLine("\(variable)=\(value)")
        }
        return status
    }
}

/// Adds two integers.
private struct AddCommand: Command {
    static let spec = CommandSpec(
        name: "add", abstract: "Add two integers.",
        options: [
            OptionSpec("left", valueName: "a", help: "First term.", .required),
            OptionSpec("right", valueName: "b", help: "Second term.", .required),
        ])

    let left: Int
    let right: Int

    init(_ args: ParsedArguments) throws {
        left = try args.int("left")
        right = try args.int("right")
    }

    func run(context: CommandContext) async throws -> Int32 {
        context.stdout.writeLine(String(left + right))
        return 0
    }
}

final class ArgumentRouterTests: XCTestCase {
    private let root = CommandSpec(name: "tool", abstract: "A tool for tests.", subcommands: [
        EchoCommand.spec,
        CommandSpec(name: "math", abstract: "Arithmetic.", subcommands: [AddCommand.spec]),
    ])

    private func makeRouter() throws -> CommandRouter {
        try CommandRouter(root: root, commands: [["echo"]: EchoCommand.self, ["math", "add"]: AddCommand.self])
    }

    private struct Outcome: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    private func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        let stdout = StringWriter(), stderr = StringWriter()
        let context = CommandContext(stdout: stdout, stderr: stderr, environment: environment)
        let router = try makeRouter()
        let status = await router.run(arguments, context: context)
        return Outcome(status: status, stdout: stdout.text, stderr: stderr.text)
    }

    private func help(_ spec: CommandSpec, _ path: [String]) -> String {
        HelpFormatter().help(for: spec, commandPath: path)
    }

    // MARK: Running commands

    func testRunsCommandsWithTheirArguments() async throws {
        var outcome = try await run(["tool", "echo", "--upper", "hello", "world"])
        XCTAssertEqual(outcome, Outcome(status: 0, stdout: "HELLO WORLD\n", stderr: ""))
        outcome = try await run(["tool", "echo", "--times", "2", "hi"])
        XCTAssertEqual(outcome, Outcome(status: 0, stdout: "hi\nhi\n", stderr: ""))
        outcome = try await run(["tool", "math", "add", "--left", "2", "--right", "-5"])
        XCTAssertEqual(outcome, Outcome(status: 0, stdout: "-3\n", stderr: ""))
    }

    func testReturnsTheCommandsExitStatus() async throws {
        let outcome = try await run(["tool", "echo", "--status", "7", "x"])
        XCTAssertEqual(outcome, Outcome(status: 7, stdout: "x\n", stderr: ""))
    }

    func testPassesTheEnvironment() async throws {
        let outcome = try await run(["tool", "echo", "--env", "MODEL_DIR"], environment: ["MODEL_DIR": "/models"])
        XCTAssertEqual(outcome, Outcome(status: 0, stdout: "MODEL_DIR=/models\n", stderr: ""))
    }

    func testAnErrorFromRunExitsWithStatusOne() async throws {
        let outcome = try await run(["tool", "echo", "--env", "NOPE"])
        XCTAssertEqual(outcome, Outcome(status: 1, stdout: "", stderr: "error: environment variable 'NOPE' is not set\n"))
    }

    // MARK: Help

    func testHelpForACommand() async throws {
        let outcome = try await run(["tool", "echo", "--help"])
        XCTAssertEqual(outcome, Outcome(status: 0, stdout: help(EchoCommand.spec, ["tool", "echo"]), stderr: ""))
        XCTAssertTrue(outcome.stdout.contains("USAGE: tool echo [<options>] [<words> ...]"), outcome.stdout)
        XCTAssertTrue(outcome.stdout.contains("--upper"), outcome.stdout)
        let short = try await run(["tool", "math", "add", "-h", "--left"])
        XCTAssertEqual(short, Outcome(status: 0, stdout: help(AddCommand.spec, ["tool", "math", "add"]), stderr: ""))
    }

    func testHelpWordNamesACommandPath() async throws {
        let outcome = try await run(["tool", "help", "math", "add"])
        XCTAssertEqual(outcome, Outcome(status: 0, stdout: help(AddCommand.spec, ["tool", "math", "add"]), stderr: ""))
        let rootHelp = try await run(["tool", "help"])
        XCTAssertEqual(rootHelp, Outcome(status: 0, stdout: help(root, ["tool"]), stderr: ""))
    }

    func testHelpForGroups() async throws {
        let rootHelp = try await run(["tool", "--help"])
        XCTAssertEqual(rootHelp, Outcome(status: 0, stdout: help(root, ["tool"]), stderr: ""))
        XCTAssertTrue(rootHelp.stdout.contains("\n  echo        Print words.\n"), rootHelp.stdout)
        let mathHelp = try await run(["tool", "math", "-h"])
        XCTAssertEqual(mathHelp, Outcome(status: 0, stdout: help(root.subcommands[1], ["tool", "math"]), stderr: ""))
    }

    // MARK: Usage errors: status 2, the message, the command line with the word marked

    func testUnknownOptionIsMarkedInTheCommandLine() async throws {
        let outcome = try await run(["tool", "echo", "--uper", "x"])
        XCTAssertEqual(outcome, Outcome(status: 2, stdout: "", stderr: """
            error: unknown option '--uper'; did you mean '--upper'? (argument 2: '--uper')
              tool echo --uper x
                        ^^^^^^
            See 'tool echo --help'.

            """))
    }

    func testBadValueFromATypedGetter() async throws {
        let outcome = try await run(["tool", "math", "add", "--left", "two", "--right", "1"])
        XCTAssertEqual(outcome, Outcome(status: 2, stdout: "", stderr: """
            error: --left: expected an integer, found 'two' (argument 4: 'two')
              tool math add --left two --right 1
                                   ^^^
            See 'tool math add --help'.

            """))
    }

    func testWordsWithSpacesAreShownQuotedAndMarkedWhole() async throws {
        let outcome = try await run(["tool", "echo", "--times", "x y"])
        XCTAssertEqual(outcome, Outcome(status: 2, stdout: "", stderr: """
            error: --times: expected an integer between 1 and 10, found 'x y' (argument 3: 'x y')
              tool echo --times 'x y'
                                ^^^^^
            See 'tool echo --help'.

            """))
    }

    func testValidationErrorFromTheCommandsInitializer() async throws {
        let outcome = try await run(["tool", "echo", "--upper", "--lower", "x"])
        XCTAssertEqual(outcome, Outcome(status: 2, stdout: "", stderr: """
            error: --lower: cannot be combined with --upper (argument 3: '--lower')
              tool echo --upper --lower x
                                ^^^^^^^
            See 'tool echo --help'.

            """))
    }

    func testMissingRequiredOptionHasNoMarker() async throws {
        let outcome = try await run(["tool", "math", "add", "--left", "1"])
        XCTAssertEqual(outcome, Outcome(status: 2, stdout: "", stderr: """
            error: missing required option '--right <b>'
            See 'tool math add --help'.

            """))
    }

    func testUnknownSubcommand() async throws {
        let outcome = try await run(["tool", "mth", "add"])
        XCTAssertEqual(outcome, Outcome(status: 2, stdout: "", stderr: """
            error: unknown subcommand 'mth' for 'tool'; did you mean 'math'? (argument 1: 'mth')
              tool mth add
                   ^^^
            See 'tool --help'.

            """))
        let inHelp = try await run(["tool", "help", "math", "ad"])
        XCTAssertEqual(inHelp, Outcome(status: 2, stdout: "", stderr: """
            error: unknown subcommand 'ad' for 'tool math'; did you mean 'add'? (argument 3: 'ad')
              tool help math ad
                             ^^
            See 'tool math --help'.

            """))
    }

    func testMissingSubcommandIsMarkedAtTheEnd() async throws {
        let group = try await run(["tool", "math"])
        XCTAssertEqual(group, Outcome(status: 2, stdout: "", stderr: """
            error: 'tool math' needs a subcommand: add (at the end of the command line)
              tool math
                        ^
            See 'tool math --help'.

            """))
        let bare = try await run(["tool"])
        XCTAssertEqual(bare.status, 2)
        XCTAssertTrue(bare.stderr.hasPrefix("error: 'tool' needs a subcommand: echo, math (at the end of the command line)\n"),
                      bare.stderr)
    }

    func testUnknownOptionWhereASubcommandIsExpected() async throws {
        let outcome = try await run(["tool", "--hepl"])
        XCTAssertEqual(outcome.status, 2)
        XCTAssertTrue(outcome.stderr.hasPrefix("error: unknown option '--hepl'; did you mean '--help'? (argument 1: '--hepl')\n"),
                      outcome.stderr)
    }

    // MARK: Writers

    func testFileHandleWriterWritesUTF8ToItsHandle() throws {
        let pipe = Pipe()
        let writer = FileHandleWriter(pipe.fileHandleForWriting)
        writer.write("µ-law ")
        writer.writeLine("✓")
        try pipe.fileHandleForWriting.close()
        let bytes = pipe.fileHandleForReading.readDataToEndOfFile()
        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), "µ-law ✓\n")
    }

    // MARK: Configuration

    func testRefusesATableThatDoesNotFitTheTree() {
        XCTAssertThrowsError(try CommandRouter(root: root, commands: [["echo"]: EchoCommand.self])) { error in
            XCTAssertEqual("\(error)", "'tool math add' has no subcommands and no command type")
        }
        XCTAssertThrowsError(try CommandRouter(root: root, commands: [
            ["echo"]: EchoCommand.self, ["math", "add"]: AddCommand.self, ["math", "sub"]: AddCommand.self,
        ])) { error in
            XCTAssertEqual("\(error)", "'tool math sub' is not in the spec tree")
        }
        var drifted = root
        drifted.subcommands[0].abstract = "Print words loudly."
        XCTAssertThrowsError(try CommandRouter(root: drifted, commands: [
            ["echo"]: EchoCommand.self, ["math", "add"]: AddCommand.self,
        ])) { error in
            XCTAssertEqual("\(error)", "'tool echo': EchoCommand.spec differs from the spec tree's")
        }
    }

    func testRefusesATreeWithDeclarationProblems() {
        var broken = root
        broken.subcommands[1].subcommands.append(CommandSpec(name: "add", abstract: "Again."))
        XCTAssertThrowsError(try CommandRouter(root: broken, commands: [
            ["echo"]: EchoCommand.self, ["math", "add"]: AddCommand.self,
        ])) { error in
            XCTAssertEqual("\(error)", "tool math: subcommand 'add' is declared more than once")
        }
    }
}
