import ConsiliumCLI
import XCTest

/// Help text rendered from specs: layout, every declared option, and wrapping at the width.
final class ArgumentHelpTests: XCTestCase {
    func testGenerateHelpInFull() {
        let help = HelpFormatter().help(for: SampleSpecs.generate, commandPath: ["consilium", "generate"])
        // Help texts start at column 25: the longest label, "  -t, --temperature <t>", plus two spaces.
        XCTAssertEqual(help, """
            OVERVIEW: Generate text from a local GGUF model.

            USAGE: consilium generate --model <path> [<options>] <prompt> [<files> ...]

            ARGUMENTS:
              <prompt>               The prompt.
              [<files> ...]          Files appended to the prompt. (zero or more)

            OPTIONS:
              -m, --model <path>     GGUF model file. (required)
              -n, --max-tokens <n>   Tokens to generate at most. (default: 128)
              -t, --temperature <t>  Sampling temperature. (default: 0.8)
              --seed <n>             Random seed; -1 picks one.
              --stop <text>          Stop when this text appears. (repeatable)
              -j, --json             Print one JSON object.
              -h, --help             Show this help.

            """)
    }

    func testHelpNamesEveryOptionFlagAndPositional() {
        let spec = SampleSpecs.generate
        let help = HelpFormatter().help(for: spec, commandPath: ["consilium", "generate"])
        for option in spec.options { XCTAssertTrue(help.contains(option.usageText), option.long) }
        for flag in spec.flags { XCTAssertTrue(help.contains("--\(flag.long)"), flag.long) }
        for positional in spec.positionals { XCTAssertTrue(help.contains(positional.usageText), positional.name) }
    }

    func testGroupHelpListsSubcommands() {
        let models = CommandSpec(name: "models", abstract: "Manage local models.",
                                 discussion: "Models live in ~/.cache/consilium/models.",
                                 subcommands: [SampleSpecs.list, SampleSpecs.info])
        XCTAssertEqual(HelpFormatter().help(for: models, commandPath: ["consilium", "models"]), """
            OVERVIEW: Manage local models.

            Models live in ~/.cache/consilium/models.

            USAGE: consilium models <subcommand>

            OPTIONS:
              -h, --help  Show this help.

            SUBCOMMANDS:
              list        List models.
              info        Show a model's metadata.

            See 'consilium models <subcommand> --help' for a subcommand's options.

            """)
    }

    func testLongHelpWrapsAtOneHundredColumnsUnderItsColumn() {
        let sentence = "Tokens are sampled from the distribution after temperature, top-k and top-p are applied in turn."
        let longHelp = Array(repeating: sentence, count: 4).joined(separator: " ")
        let spec = CommandSpec(
            name: "sample", abstract: longHelp, discussion: longHelp + "\n\n" + longHelp,
            options: [OptionSpec("top-p", valueName: "p", help: longHelp, .defaulted("0.95"))])
        let help = HelpFormatter().help(for: spec, commandPath: ["consilium", "sample"])
        let lines = help.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

        XCTAssertEqual(lines.filter { $0.count > 100 }, [])
        XCTAssertEqual(help.components(separatedBy: "\n\nTokens are sampled").count - 1, 2,
                       "each discussion paragraph starts after a blank line")

        // The widest label, "  --top-p <p>", is 13 characters; help starts two columns later.
        let column = 15
        guard let first = lines.firstIndex(where: { $0.hasPrefix("  --top-p <p>  Tokens are sampled") }) else {
            return XCTFail("no --top-p line in:\n\(help)")
        }
        let continuation = lines[(first + 1)...].prefix { $0.hasPrefix(String(repeating: " ", count: column)) }
        XCTAssertGreaterThanOrEqual(continuation.count, 4, "four 96-character sentences in 85 columns")
        for line in continuation {
            XCTAssertNotEqual(line.dropFirst(column).first, " ", "continuation lines align with the first: \(line)")
        }
        let rendered = ([String(lines[first].dropFirst(column))] + continuation.map { String($0.dropFirst(column)) })
            .joined(separator: " ")
        XCTAssertEqual(rendered, longHelp + " (default: 0.95)", "wrapping loses and reorders no word")
    }

    func testLabelWiderThanTheColumnPutsHelpOnTheNextLine() {
        let spec = CommandSpec(name: "x", abstract: "", options: [
            OptionSpec("an-unusually-long-option-name", valueName: "value", help: "Explains itself."),
        ])
        let help = HelpFormatter().help(for: spec, commandPath: ["x"])
        // The label column is capped at 32 so one long label does not push every help text right.
        let expected = "  --an-unusually-long-option-name <value>\n" + String(repeating: " ", count: 32) + "Explains itself.\n"
        XCTAssertTrue(help.contains(expected), help)
    }

    func testUsageWrapsAlignedAfterTheCommandPath() {
        let spec = CommandSpec(name: "run", abstract: "", options: [
            OptionSpec("alpha", valueName: "a", help: "", .required),
            OptionSpec("beta", valueName: "b", help: "", .required),
            OptionSpec("gamma", valueName: "c", help: "", .required),
        ], positionals: [PositionalSpec("inputs", help: "", .variadic)])
        XCTAssertEqual(HelpFormatter(width: 40).usage(for: spec, commandPath: ["tool", "run"]), [
            "USAGE: tool run --alpha <a> --beta <b>",
            "                --gamma <c>",
            "                [<inputs> ...]",
        ])
    }

    func testHelpLinesHaveNoTrailingSpaces() {
        let spec = CommandSpec(name: "bare", abstract: "", options: [OptionSpec("x", valueName: "v", help: "")],
                               positionals: [PositionalSpec("p", help: "")])
        let help = HelpFormatter().help(for: spec, commandPath: ["bare"])
        XCTAssertEqual(help.split(separator: "\n").filter { $0.hasSuffix(" ") }, [], help)
    }
}
