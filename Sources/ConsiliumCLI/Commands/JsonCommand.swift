import Foundation
import Support

/// `consilium json`: requests as JSON on standard input, one JSON response per request on standard
/// output. The request and response shapes are in README.md ("JSON in, JSON out").
struct JsonCommand: Command {
    static let spec = CommandSpec(
        name: "json",
        abstract: "Answer JSON requests (generate, run, score, runs, models) with JSON responses.",
        discussion: """
            Reads one request object, or with --lines one per line (JSON Lines), and writes one \
            compact response object per request, in order, each on its own line. Standard output \
            carries nothing but responses; progress goes to standard error. With --lines a bad line \
            gets an error response and the next line is still answered. The exit status is 0 when \
            every request succeeded, else 1. Outputs are decision support, not decisions.
            """,
        options: [OptionSpec("input", valueName: "FILE", help: "Read requests from FILE ('-' for standard input).", .defaulted("-"))],
        flags: [FlagSpec("lines", help: "Read JSON Lines: one request per line, answered as it arrives.")])

    let input: String
    let lines: Bool

    init(_ args: ParsedArguments) throws {
        input = try args.string("input")
        lines = try args.flag("lines")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let session = JsonSession(context: context)
        var allOK = true
        func answer(_ request: Data, line: Int? = nil) async {
            let (response, ok) = await session.respond(to: request, line: line)
            allOK = allOK && ok
            context.stdout.writeLine(response.canonicalText)
        }
        if !lines {
            guard let data = read(context) else { return CommandRouter.failureStatus }
            await answer(data)
        } else if input == "-" {
            // Answered line by line as they arrive, so a client can converse over a pipe.
            var number = 0
            while let line = readLine(strippingNewline: true) {
                number += 1
                if !Self.isBlank(line) { await answer(Data(line.utf8), line: number) }
            }
        } else {
            guard let data = read(context) else { return CommandRouter.failureStatus }
            for (index, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated()
            where !Self.isBlank(String(decoding: line, as: UTF8.self)) {
                await answer(Data(line), line: index + 1)
            }
        }
        return allOK ? 0 : CommandRouter.failureStatus
    }

    /// All of the input, or nil after writing an error response.
    private func read(_ context: CommandContext) -> Data? {
        if input == "-" { return FileHandle.standardInput.readDataToEndOfFile() }
        if let data = FileManager.default.contents(atPath: input) { return data }
        let error: JSONValue = ["code": "invalid_request", "message": .string("\(input): cannot read the input file")]
        context.stdout.writeLine(JSONValue.object(["id": .null, "ok": false, "error": error]).canonicalText)
        return nil
    }

    private static func isBlank(_ line: String) -> Bool {
        line.allSatisfy(\.isWhitespace)
    }
}
