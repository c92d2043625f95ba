import ConsiliumCLI
import XCTest

/// Every way a command line can be refused, with the message the user sees written beside the
/// input that causes it.
final class ArgumentErrorTests: XCTestCase {
    // MARK: Parse errors

    func testUnknownOptionsSuggestADeclaredSpelling() {
        expectParseError(["--temprature", "0.5"],
                         "unknown option '--temprature'; did you mean '--temperature'? (argument 1: '--temprature')")
        expectParseError(["-m", "x", "--temprature=0.5"],
                         "unknown option '--temprature'; did you mean '--temperature'? (argument 3: '--temprature=0.5')")
        expectParseError(["--tmeperature", "1"],
                         "unknown option '--tmeperature'; did you mean '--temperature'? (argument 1: '--tmeperature')")
        expectParseError(["-model", "x"], "unknown option '-model'; did you mean '--model'? (argument 1: '-model')")
        expectParseError(["--jsn"], "unknown option '--jsn'; did you mean '--json'? (argument 1: '--jsn')")
        expectParseError(["--hlep"], "unknown option '--hlep'; did you mean '--help'? (argument 1: '--hlep')")
        expectParseError(["--temp", "1"], "unknown option '--temp'; did you mean '--temperature'? (argument 1: '--temp')")
        expectParseError(["--max", "1"], "unknown option '--max'; did you mean '--max-tokens'? (argument 1: '--max')")
    }

    func testUnknownOptionsWithoutACloseMatch() {
        expectParseError(["--verbose"], "unknown option '--verbose' (argument 1: '--verbose')")
        expectParseError(["--tempo", "1"], "unknown option '--tempo' (argument 1: '--tempo')")
        expectParseError(["-x"], "unknown option '-x' (argument 1: '-x')")
        expectParseError(["-n=5"], "unknown option '-n=5' (argument 1: '-n=5')")
        expectParseError(["-jm", "x"], "unknown option '-jm' (argument 1: '-jm')")
    }

    func testMissingValue() {
        expectParseError(["p", "-m"], "missing value for '--model <path>' (argument 2: '-m')")
        expectParseError(["--model", "--json", "p"],
                         "missing value for '--model <path>', found '--json'; write '--model=--json' if that is the value"
                            + " (argument 1: '--model')")
        expectParseError(["-m", "x", "--stop", "--", "p"],
                         "missing value for '--stop <text>', found '--'; write '--stop=--' if that is the value"
                            + " (argument 3: '--stop')")
    }

    func testFlagGivenAValue() {
        expectParseError(["-m", "x", "--json=yes", "p"], "'--json' is a flag and takes no value, found 'yes' (argument 3: '--json=yes')")
    }

    func testSingleValueOptionGivenTwice() {
        expectParseError(["-m", "x", "--model", "y", "p"],
                         "'--model' takes one value and was already given at argument 1 (argument 3: '--model')")
        expectParseError(["-n", "1", "-m", "x", "--max-tokens=2", "p"],
                         "'--max-tokens' takes one value and was already given at argument 1 (argument 5: '--max-tokens=2')")
    }

    func testMissingRequiredOptionAndPositional() {
        expectParseError(["p"], "missing required option '--model <path>'")
        expectParseError(["-m", "x"], "missing required argument <prompt> (at the end of the command line)")
        expectParseError([], "missing required argument <name> (at the end of the command line)", SampleSpecs.info)
    }

    func testUnexpectedPositional() {
        expectParseError(["a", "b", "c"],
                         "unexpected argument 'c'; 'consilium models info' takes only <name> [<revision>] (argument 5: 'c')",
                         SampleSpecs.info, commandPath: ["consilium", "models", "info"], firstIndex: 3)
        expectParseError(["extra"], "unexpected argument 'extra'; 'list' takes no positional arguments (argument 1: 'extra')",
                         SampleSpecs.list)
        expectParseError(["--", "-5"], "unexpected argument '-5'; 'list' takes no positional arguments (argument 2: '-5')",
                         SampleSpecs.list)
    }

    // MARK: Typed value errors

    func testIntegerThatDoesNotParse() {
        expectGetterError(["-m", "x", "-n", "ten", "p"], "--max-tokens: expected an integer, found 'ten' (argument 4: 'ten')") {
            try $0.int("max-tokens")
        }
        expectGetterError(["-m", "x", "--max-tokens=ten", "p"],
                          "--max-tokens: expected an integer, found 'ten' (argument 3: '--max-tokens=ten')") {
            try $0.int("max-tokens")
        }
        expectGetterError(["-m", "x", "-n", "1.5", "p"], "--max-tokens: expected an integer, found '1.5' (argument 4: '1.5')") {
            try $0.int("max-tokens")
        }
        expectGetterError(["-m", "x", "--seed", "99999999999999999999", "p"],
                          "--seed: expected an integer, found '99999999999999999999' (argument 4: '99999999999999999999')") {
            try $0.optionalInt("seed")
        }
    }

    func testIntegerOutOfBounds() {
        expectGetterError(["-m", "x", "-n", "0", "p"],
                          "--max-tokens: expected an integer between 1 and 4096, found '0' (argument 4: '0')") {
            try $0.int("max-tokens", in: 1...4096)
        }
        expectGetterError(["-m", "x", "-n", "-2", "p"],
                          "--max-tokens: expected an integer of at least 1, found '-2' (argument 4: '-2')") {
            try $0.int("max-tokens", in: 1...Int.max)
        }
        expectGetterError(["-m", "x", "--seed", "11", "p"],
                          "--seed: expected an integer of at most 10, found '11' (argument 4: '11')") {
            try $0.optionalInt("seed", in: Int.min...10)
        }
    }

    func testNumberThatDoesNotParseOrIsOutOfBounds() {
        expectGetterError(["-m", "x", "-t", "warm", "p"], "--temperature: expected a number, found 'warm' (argument 4: 'warm')") {
            try $0.double("temperature")
        }
        expectGetterError(["-m", "x", "-t", "nan", "p"], "--temperature: expected a number, found 'nan' (argument 4: 'nan')") {
            try $0.double("temperature")
        }
        expectGetterError(["-m", "x", "-t", "3", "p"],
                          "--temperature: expected a number between 0 and 2, found '3' (argument 4: '3')") {
            try $0.double("temperature", in: 0...2)
        }
        expectGetterError(["-m", "x", "-t", "0.1", "p"],
                          "--temperature: expected a number of at least 0.5, found '0.1' (argument 4: '0.1')") {
            try $0.double("temperature", in: 0.5...Double.infinity)
        }
    }

    func testBadDefaultIsReportedWithoutALocation() {
        let spec = CommandSpec(name: "bench", abstract: "",
                               options: [OptionSpec("runs", valueName: "n", help: "", .defaulted("many"))])
        expectGetterError([], "--runs: expected an integer, found 'many'", spec) { try $0.int("runs") }
    }

    func testAbsentValueAskedForAsRequired() {
        expectGetterError(["-m", "x", "p"], "missing required option '--seed <n>'") { try $0.int("seed") }
        expectGetterError(["-m", "x", "p"], "missing required option '--seed <n>'") { try $0.string("seed") }
        expectGetterError(["a"], "missing required argument <revision> (at the end of the command line)", SampleSpecs.info) {
            try $0.positional(1)
        }
    }

    func testUndeclaredNamesAreReportedNotTrapped() {
        expectGetterError(["-m", "x", "p"], "'generate' declares no option, flag or positional named 'nope'") {
            try $0.int("nope")
        }
        expectGetterError(["-m", "x", "p"], "'generate' declares no option, flag or positional named 'model'") {
            try $0.flag("model")
        }
        expectGetterError(["-m", "x", "p"], "'generate' declares no option, flag or positional named 'json'") {
            try $0.string("json")
        }
        expectGetterError(["a"], "'info' declares no option, flag or positional named 'positional #2'", SampleSpecs.info) {
            try $0.optionalPositional(2)
        }
    }

    func testValidationErrorsPointAtTheOption() throws {
        let args = try parsed(["-m", "x", "-t", "0.5", "--seed", "3", "-j", "p"])
        XCTAssertEqual(args.invalid("temperature", "must be 0 when --seed is set").description,
                       "--temperature: must be 0 when --seed is set (argument 4: '0.5')")
        XCTAssertEqual(args.invalid("json", "cannot be used with --stream").description,
                       "--json: cannot be used with --stream (argument 7: '-j')")
        XCTAssertEqual(args.invalid("stop", "needs at least one value").description, "--stop: needs at least one value")
    }

    // MARK: Helpers

    private func expectParseError(_ words: [String], _ expected: String, _ spec: CommandSpec = SampleSpecs.generate,
                                  commandPath: [String]? = nil, firstIndex: Int = 1,
                                  file: StaticString = #filePath, line: UInt = #line) {
        do {
            _ = try parsed(words, spec, commandPath: commandPath, firstIndex: firstIndex)
            XCTFail("parsed without error: \(words)", file: file, line: line)
        } catch {
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }

    private func expectGetterError<T>(_ words: [String], _ expected: String, _ spec: CommandSpec = SampleSpecs.generate,
                                      file: StaticString = #filePath, line: UInt = #line,
                                      _ read: (ParsedArguments) throws -> T) {
        do {
            let args = try parsed(words, spec)
            let value = try read(args)
            XCTFail("read \(value) without error from \(words)", file: file, line: line)
        } catch {
            XCTAssertEqual("\(error)", expected, file: file, line: line)
        }
    }
}
