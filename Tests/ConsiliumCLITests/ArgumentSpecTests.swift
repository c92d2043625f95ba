import Support
import ConsiliumCLI
import XCTest

/// Declaration checks on specs, and the edit distance behind "did you mean".
final class ArgumentSpecTests: XCTestCase {
    func testSoundSpecsHaveNoProblems() {
        let root = CommandSpec(name: "consilium", abstract: "",
                               subcommands: [SampleSpecs.generate, CommandSpec(name: "models", abstract: "",
                                                                              subcommands: [SampleSpecs.list, SampleSpecs.info])])
        XCTAssertEqual(root.declarationProblems(), [])
    }

    func testNameProblems() {
        let spec = CommandSpec(
            name: "bad", abstract: "",
            options: [
                OptionSpec("model", short: "m", valueName: "p", help: ""),
                OptionSpec("model", valueName: "p", help: ""),
                OptionSpec("--seed", short: "1", valueName: "n", help: ""),
                OptionSpec("help", valueName: "x", help: ""),
            ],
            flags: [FlagSpec("json", short: "m", help: ""), FlagSpec("quiet", short: "h", help: "")])
        XCTAssertEqual(spec.declarationProblems(), [
            "bad: long name '--seed' must start with a letter and use only letters, digits and '-'",
            "bad: '--help' is reserved for help",
            "bad: '--model' is declared more than once",
            "bad: short name '-1' must be a letter",
            "bad: '-h' is reserved for help",
            "bad: '-m' is declared more than once",
        ])
    }

    func testPositionalOrderProblems() {
        let spec = CommandSpec(name: "bad", abstract: "", positionals: [
            PositionalSpec("a", help: "", .optional),
            PositionalSpec("b", help: ""),
            PositionalSpec("c", help: "", .variadic),
            PositionalSpec("a", help: "", .optional),
        ])
        XCTAssertEqual(spec.declarationProblems(), [
            "bad: required <b> follows an optional or variadic positional",
            "bad: variadic <c> must be the last positional",
            "bad: positional <a> is declared more than once",
        ])
    }

    func testProblemsInSubcommandsNameTheirPath() {
        let root = CommandSpec(name: "consilium", abstract: "", subcommands: [
            CommandSpec(name: "models", abstract: "", subcommands: [
                CommandSpec(name: "fetch", abstract: "", flags: [FlagSpec("x y", help: "")]),
                CommandSpec(name: "fetch", abstract: ""),
            ]),
        ])
        XCTAssertEqual(root.declarationProblems(), [
            "consilium models: subcommand 'fetch' is declared more than once",
            "consilium models fetch: long name 'x y' must start with a letter and use only letters, digits and '-'",
        ])
    }

    func testDescendantFollowsSubcommandNames() {
        let models = CommandSpec(name: "models", abstract: "", subcommands: [SampleSpecs.list])
        let root = CommandSpec(name: "consilium", abstract: "", subcommands: [models])
        XCTAssertEqual(root.descendant(at: []), root)
        XCTAssertEqual(root.descendant(at: ["models", "list"]), SampleSpecs.list)
        XCTAssertNil(root.descendant(at: ["models", "lst"]))
    }

    func testEditDistance() {
        XCTAssertEqual(EditDistance.between("temprature", "temperature"), 1, "one insertion")
        XCTAssertEqual(EditDistance.between("tmeperature", "temperature"), 1, "one swap of neighbours")
        XCTAssertEqual(EditDistance.between("kitten", "sitting"), 3)
        XCTAssertEqual(EditDistance.between("", "abc"), 3)
        XCTAssertEqual(EditDistance.between("same", "same"), 0)
    }

    func testClosestRespectsTheLimitAndPrefersTheNearest() {
        XCTAssertEqual(EditDistance.closest(to: "seeds", among: ["stop", "seed"]), "seed")
        XCTAssertEqual(EditDistance.closest(to: "tmp", among: ["temperature", "top"]), "top")
        XCTAssertNil(EditDistance.closest(to: "temp", among: ["temperature"]), "7 edits away")
        XCTAssertNil(EditDistance.closest(to: "x", among: ["n"]), "a one-letter word matches nothing but itself")
        XCTAssertEqual(EditDistance.closest(to: "cat", among: ["bat", "car"]), "bat", "ties go to the first declared")
    }
}
