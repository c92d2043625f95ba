@testable import ConsiliumCLI
import Foundation
import Providers
import XCTest

/// Reading REPL lines: messages, commands with their arguments, and errors that name the command
/// and the argument at fault.
final class SlashCommandTests: XCTestCase {
    func parse(_ line: String) throws -> ReplLine { try ReplLine.parse(line) }

    func error(_ line: String, file: StaticString = #filePath, lineNumber: UInt = #line) -> String {
        do {
            let parsed = try ReplLine.parse(line)
            XCTFail("\"\(line)\" parsed as \(parsed)", file: file, line: lineNumber)
            return ""
        } catch {
            return "\(error)"
        }
    }

    func testMessagesAndCommands() throws {
        XCTAssertEqual(try parse("   "), .empty)
        XCTAssertEqual(try parse("What is EGFR?"), .message("What is EGFR?"))
        XCTAssertEqual(try parse("//etc/hosts is a file"), .message("/etc/hosts is a file"))
        XCTAssertEqual(try parse("/help"), .command(.help(topic: nil)))
        XCTAssertEqual(try parse("/help /set"), .command(.help(topic: "set")))
        XCTAssertEqual(try parse("/model smollm2-135m-instruct-q4_1"), .command(.model("smollm2-135m-instruct-q4_1")))
        XCTAssertEqual(try parse("/model /models/my model.gguf"), .command(.model("/models/my model.gguf")))
        XCTAssertEqual(try parse("/system You are a careful oncologist."), .command(.system(.set("You are a careful oncologist."))))
        XCTAssertEqual(try parse("/system off"), .command(.system(.clear)))
        XCTAssertEqual(try parse("/system"), .command(.system(.show)))
        XCTAssertEqual(try parse("/set temperature 0.7"), .command(.set(.temperature, .number(0.7))))
        XCTAssertEqual(try parse("/set max-tokens 16"), .command(.set(.maxTokens, .whole(16))))
        XCTAssertEqual(try parse("/set seed 18446744073709551615"), .command(.set(.seed, .whole(UInt64.max))))
        XCTAssertEqual(try parse("/set top_p default"), .command(.set(.topP, .providerDefault)))
        XCTAssertEqual(try parse("/schema answer.json"), .command(.schema(.set("answer.json"))))
        XCTAssertEqual(try parse("/schema off"), .command(.schema(.clear)))
        XCTAssertEqual(try parse("/quit"), .command(.quit))
        XCTAssertEqual(try parse("/exit"), .command(.quit))
        XCTAssertEqual(try parse("/save out/transcript.json"), .command(.save(path: "out/transcript.json")))
    }

    func testErrorsNameTheCommandAndTheArgument() {
        XCTAssertEqual(error("/sett temperature 1"), "/sett: unknown command; did you mean /set? (/help lists them)")
        XCTAssertEqual(error("/histroy"), "/histroy: unknown command; did you mean /history? (/help lists them)")
        XCTAssertEqual(error("/frobnicate"), "/frobnicate: unknown command (/help lists them)")
        XCTAssertEqual(error("/set temprature 1"),
                       #"/set: unknown setting "temprature"; did you mean temperature? (settings: temperature, top_p, top_k, max_tokens, seed)"#)
        XCTAssertEqual(error("/set max_tokens 0"), #"/set: max_tokens: expected a whole number from 1 to 1000000 or "default", found "0""#)
        XCTAssertEqual(error("/set temperature hot"), #"/set: temperature: expected a number from 0 to 100 or "default", found "hot""#)
        XCTAssertEqual(error("/set temperature nan"), #"/set: temperature: expected a number from 0 to 100 or "default", found "nan""#)
        XCTAssertEqual(error("/set seed -1"), #"/set: seed: expected a whole number from 0 to 2^64-1 or "default", found "-1""#)
        XCTAssertTrue(error("/set temperature").hasPrefix("/set: expected NAME VALUE"))
        XCTAssertEqual(error("/reset now"), #"/reset: takes no argument, found "now""#)
        XCTAssertEqual(error("/model"), "/model: missing ID|PATH")
        XCTAssertEqual(error("/load"), "/load: missing FILE")
    }

    func testSettingsApplyToTheRequestsSampling() throws {
        var sampling = Sampling()
        sampling = SamplingSetting.temperature.apply(.number(0.5), to: sampling)
        sampling = SamplingSetting.topK.apply(.whole(40), to: sampling)
        XCTAssertEqual(sampling, Sampling(temperature: 0.5, topK: 40))
        sampling = SamplingSetting.temperature.apply(.providerDefault, to: sampling)
        XCTAssertNil(sampling.temperature)
        XCTAssertEqual(SamplingSetting.topK.text(in: sampling), "40")
        XCTAssertNil(SamplingSetting.seed.text(in: sampling))
    }

    func testHelpListsEveryCommandAndExplainsOne() throws {
        let overview = try ReplHelp.text(topic: nil)
        for name in SlashCommand.names { XCTAssertTrue(overview.contains("/\(name)"), name) }
        XCTAssertTrue(try ReplHelp.text(topic: "set").contains("max_tokens   most tokens per answer"))
        XCTAssertThrowsError(try ReplHelp.text(topic: "sav")) {
            XCTAssertEqual("\($0)", #"/help: no command "sav"; did you mean /save?"#)
        }
    }

    func testUnreadableSchemaAndTranscriptFilesAreNamed() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("repl-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let missing = directory.appendingPathComponent("missing.json").path
        XCTAssertThrowsError(try ReplSchema.read(missing, forLocalModel: true)) {
            XCTAssertEqual("\($0)", "/schema: \(missing): cannot read the file")
        }
        let broken = directory.appendingPathComponent("broken.json")
        try Data(#"{"type": "object", "properties": }"#.utf8).write(to: broken)
        XCTAssertThrowsError(try ReplSchema.read(broken.path, forLocalModel: true)) {
            XCTAssertTrue("\($0)".hasPrefix("/schema: \(broken.path): "), "\($0)")
        }
        let messages = directory.appendingPathComponent("messages.json")
        try Data(#"[{"role": "user", "content": "hi"}, {"role": "system", "content": "late"}]"#.utf8).write(to: messages)
        XCTAssertThrowsError(try ReplTranscript.load(messages.path)) {
            XCTAssertEqual("\($0)", "/load: \(messages.path): $[1]: a system message may only come first")
        }
        try Data(#"[{"role": "system", "content": "Be brief."}, {"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]"#.utf8)
            .write(to: messages)
        let loaded = try ReplTranscript.load(messages.path)
        XCTAssertEqual(loaded.system, "Be brief.")
        XCTAssertEqual(loaded.messages, [.user("hi"), .assistant("hello")])
    }
}
