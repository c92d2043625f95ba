import ConsiliumCLI
import XCTest

/// Specs shaped like Consilium's own commands, shared by the argument tests.
enum SampleSpecs {
    static let generate = CommandSpec(
        name: "generate", abstract: "Generate text from a local GGUF model.",
        options: [
            OptionSpec("model", short: "m", valueName: "path", help: "GGUF model file.", .required),
            OptionSpec("max-tokens", short: "n", valueName: "n", help: "Tokens to generate at most.", .defaulted("128")),
            OptionSpec("temperature", short: "t", valueName: "t", help: "Sampling temperature.", .defaulted("0.8")),
            OptionSpec("seed", valueName: "n", help: "Random seed; -1 picks one."),
            OptionSpec("stop", valueName: "text", help: "Stop when this text appears.", .repeatable),
        ],
        flags: [FlagSpec("json", short: "j", help: "Print one JSON object.")],
        positionals: [
            PositionalSpec("prompt", help: "The prompt."),
            PositionalSpec("files", help: "Files appended to the prompt.", .variadic),
        ])

    static let info = CommandSpec(
        name: "info", abstract: "Show a model's metadata.",
        positionals: [
            PositionalSpec("name", help: "Model name."),
            PositionalSpec("revision", help: "Model revision.", .optional),
        ])

    static let list = CommandSpec(name: "list", abstract: "List models.")
}

/// Every accepted form of a command line, and what the typed getters read from it.
final class ArgumentParserTests: XCTestCase {
    func testLongOptionsWithSeparateValuesAndDefaults() throws {
        let args = try parsed(["--model", "m.gguf", "hello"])
        XCTAssertEqual(try args.string("model"), "m.gguf")
        XCTAssertEqual(try args.positional(0), "hello")
        XCTAssertEqual(try args.int("max-tokens"), 128, "declared default")
        XCTAssertEqual(try args.double("temperature"), 0.8, "declared default")
        XCTAssertNil(try args.optionalInt("seed"), "optional, absent, no default")
        XCTAssertNil(try args.optionalString("seed"))
        XCTAssertFalse(try args.flag("json"))
        XCTAssertEqual(try args.strings("stop"), [])
        XCTAssertFalse(try args.isGiven("max-tokens"), "a default is not 'given'")
        XCTAssertTrue(try args.isGiven("model"))
    }

    func testInlineValuesKeepEverythingAfterTheFirstEquals() throws {
        let args = try parsed(["--model=m.gguf", "--stop=a=b", "--stop=", "--max-tokens=64", "p"])
        XCTAssertEqual(try args.string("model"), "m.gguf")
        XCTAssertEqual(try args.strings("stop"), ["a=b", ""])
        XCTAssertEqual(try args.int("max-tokens"), 64)
    }

    func testShortOptionsAndShortFlag() throws {
        let args = try parsed(["-m", "m.gguf", "-n", "64", "-t", "0.25", "-j", "hi"])
        XCTAssertEqual(try args.string("model"), "m.gguf")
        XCTAssertEqual(try args.int("max-tokens"), 64)
        XCTAssertEqual(try args.double("temperature"), 0.25)
        XCTAssertTrue(try args.flag("json"))
        XCTAssertTrue(try args.isGiven("json"))
        XCTAssertEqual(args.positionals, ["hi"])
    }

    func testNegativeNumbersAreValuesAndPositionals() throws {
        let args = try parsed(["--seed", "-1", "-t", "-0.5", "-m", "x", "-3", "-.5", "-1e3"])
        XCTAssertEqual(try args.int("seed"), -1)
        XCTAssertEqual(try args.double("temperature"), -0.5)
        XCTAssertEqual(args.positionals, ["-3", "-.5", "-1e3"])
        XCTAssertEqual(try parsed(["--seed=-7", "-m", "x", "p"]).int("seed"), -7)
    }

    func testDoubleDashEndsOptions() throws {
        let args = try parsed(["-m", "x", "--", "--json", "-n", "--"])
        XCTAssertFalse(try args.flag("json"))
        XCTAssertEqual(try args.int("max-tokens"), 128)
        XCTAssertEqual(args.positionals, ["--json", "-n", "--"])
    }

    func testSingleDashIsAPositional() throws {
        XCTAssertEqual(try parsed(["-m", "x", "-"]).positional(0), "-")
    }

    func testOptionsMayFollowPositionals() throws {
        let args = try parsed(["hi", "-m", "x", "--json"])
        XCTAssertEqual(try args.positional(0), "hi")
        XCTAssertEqual(try args.string("model"), "x")
        XCTAssertTrue(try args.flag("json"))
    }

    func testRepeatableOptionCollectsInOrder() throws {
        let args = try parsed(["--stop", "a", "-m", "x", "--stop", "b", "--stop=c", "p"])
        XCTAssertEqual(try args.strings("stop"), ["a", "b", "c"])
        XCTAssertEqual(try args.string("stop"), "c", "the single-value getter reads the last")
    }

    func testRepeatedFlagIsAccepted() throws {
        XCTAssertTrue(try parsed(["--json", "-j", "-m", "x", "p"]).flag("json"))
    }

    func testVariadicPositionalGathersTheRest() throws {
        let args = try parsed(["-m", "x", "p", "f1", "f2", "f3"])
        XCTAssertEqual(args.positionals, ["p", "f1", "f2", "f3"])
        XCTAssertEqual(try args.optionalPositional(3), "f3")
        XCTAssertNil(try args.optionalPositional(4))
    }

    func testOptionalPositional() throws {
        let one = try parsed(["llama"], SampleSpecs.info)
        XCTAssertEqual(try one.positional(0), "llama")
        XCTAssertNil(try one.optionalPositional(1))
        let two = try parsed(["llama", "v2"], SampleSpecs.info)
        XCTAssertEqual(try two.positional(1), "v2")
    }

    func testIntegerAndNumberWithinBounds() throws {
        let args = try parsed(["-m", "x", "-n", "4096", "-t", "2", "p"])
        XCTAssertEqual(try args.int("max-tokens", in: 1...4096), 4096)
        XCTAssertEqual(try args.double("temperature", in: 0...2), 2)
        XCTAssertEqual(try args.optionalInt("seed", in: 0...10), nil)
    }

    func testHelpIsRequestedBeforeDoubleDashOnly() throws {
        XCTAssertTrue(isHelp(["-m", "x", "--help"]))
        XCTAssertTrue(isHelp(["-h"]))
        XCTAssertTrue(isHelp(["--temprature", "--help"]), "help wins over an unknown option")
        XCTAssertFalse(isHelp(["-m", "x", "--", "--help"]))
        XCTAssertEqual(try parsed(["-m", "x", "--", "--help"]).positional(0), "--help")
        XCTAssertEqual(try parsed(["--stop=-h", "-m", "x", "p"]).strings("stop"), ["-h"])
    }

    func testValuesKeepTheirLocations() throws {
        let args = try parsed(["-m", "x", "--stop=a", "p", "-j"], firstIndex: 2)
        XCTAssertEqual(args.optionValues["model"], [ArgumentValue(text: "x", location: .argument(index: 3, text: "x"))])
        XCTAssertEqual(args.optionValues["stop"], [ArgumentValue(text: "a", location: .argument(index: 4, text: "--stop=a"))])
        XCTAssertEqual(args.positionalValues, [ArgumentValue(text: "p", location: .argument(index: 5, text: "p"))])
        XCTAssertEqual(args.givenFlags, ["json": .argument(index: 6, text: "-j")])
    }

    // MARK: Helpers

    private func isHelp(_ words: [String]) -> Bool {
        guard case .helpRequested? = try? ArgumentParser(spec: SampleSpecs.generate).parse(words) else { return false }
        return true
    }
}

struct HelpWasRequested: Error {}

/// Parses `words` and returns the arguments; help counts as a failure.
func parsed(_ words: [String], _ spec: CommandSpec = SampleSpecs.generate,
            commandPath: [String]? = nil, firstIndex: Int = 1) throws -> ParsedArguments {
    switch try ArgumentParser(spec: spec, commandPath: commandPath).parse(words, firstIndex: firstIndex) {
    case .parsed(let args): return args
    case .helpRequested: throw HelpWasRequested()
    }
}
