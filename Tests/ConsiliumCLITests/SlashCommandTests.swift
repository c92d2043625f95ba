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

    func testStoreAndFlowCommandsReadTheirArguments() throws {
        XCTAssertEqual(try parse("/flow Prompts/flows/example.json case.json"),
                       .command(.flow(file: "Prompts/flows/example.json", inputs: "case.json")))
        XCTAssertEqual(try parse("/flow one.json"), .command(.flow(file: "one.json", inputs: nil)))
        XCTAssertEqual(try parse("/runs"), .command(.runs(limit: 10)))
        XCTAssertEqual(try parse("/runs 3"), .command(.runs(limit: 3)))
        XCTAssertEqual(try parse("/calls"), .command(.calls(run: nil)))
        XCTAssertEqual(try parse("/calls 3f2a"), .command(.calls(run: "3f2a")))
        XCTAssertEqual(try parse("/call 3f2a assess 2"),
                       .command(.call(StoredCallReference(run: "3f2a", step: "assess", item: "2", attempt: 1))))
        XCTAssertEqual(try parse("/call 3f2a candidates - 2"),
                       .command(.call(StoredCallReference(run: "3f2a", step: "candidates", item: "", attempt: 2))))
        XCTAssertEqual(try parse("/rerun 3f2a candidates -"),
                       .command(.rerun(StoredCallReference(run: "3f2a", step: "candidates", item: "", attempt: 1), [])))
        XCTAssertEqual(try parse("/rerun 3f2a assess 0 2 temperature=0.7 max-tokens=16 seed=default"),
                       .command(.rerun(StoredCallReference(run: "3f2a", step: "assess", item: "0", attempt: 2),
                                       [SamplingChange(setting: .temperature, value: .number(0.7)),
                                        SamplingChange(setting: .maxTokens, value: .whole(16)),
                                        SamplingChange(setting: .seed, value: .providerDefault)])))
        XCTAssertEqual(try parse("/score predictions.json"), .command(.score(file: "predictions.json")))
    }

    func testStoreAndFlowCommandErrorsNameTheArgument() {
        XCTAssertEqual(error("/flow"), "/flow: expected FILE [INPUTS.json] (paths without spaces), found 0 words")
        XCTAssertEqual(error("/flow a.json b.json c"), "/flow: expected FILE [INPUTS.json] (paths without spaces), found 3 words")
        XCTAssertEqual(error("/runs 0"), #"/runs: N: expected a whole number from 1, found "0""#)
        XCTAssertEqual(error("/runs all of them"), #"/runs: takes at most one number, found "all of them""#)
        XCTAssertEqual(error("/calls a b"), #"/calls: takes at most one run id, found "a b""#)
        XCTAssertTrue(error("/call 3f2a").hasPrefix("/call: expected RUN STEP ITEM [ATTEMPT]"), error("/call 3f2a"))
        XCTAssertEqual(error("/call 3f2a assess 2 first"), #"/call: ATTEMPT: expected a whole number from 1, found "first""#)
        XCTAssertEqual(error("/rerun 3f2a assess 2 temperature=hot"),
                       #"/rerun: temperature: expected a number from 0 to 100 or "default", found "hot""#)
        XCTAssertEqual(error("/rerun 3f2a assess 2 temprature=1"),
                       #"/rerun: unknown setting "temprature"; did you mean temperature? (settings: temperature, top_p, top_k, max_tokens, seed)"#)
        XCTAssertTrue(error("/rerun 3f2a assess 2 seed=1 verbose").hasPrefix(#"/rerun: expected NAME=VALUE, found "verbose""#))
        XCTAssertEqual(error("/score"), "/score: missing FILE")
        XCTAssertEqual(error("/rerum"), "/rerum: unknown command; did you mean /rerun? (/help lists them)")
    }

    func testTabCompletesTheNewCommandsAndRerunSettings() {
        XCTAssertEqual(SlashCommand.completions("/ru"), ["/run", "/runs"])
        XCTAssertEqual(SlashCommand.completions("/re"), ["/reset", "/retry", "/rerun"])
        XCTAssertEqual(SlashCommand.completions("/sc"), ["/schema", "/score"])
        XCTAssertEqual(SlashCommand.completions("/rerun 3f2a assess 0 t"), ["/rerun 3f2a assess 0 temperature=", "/rerun 3f2a assess 0 top_p=", "/rerun 3f2a assess 0 top_k="])
        XCTAssertEqual(SlashCommand.completions("/rerun 3f2a assess 0 seed=1 m"), ["/rerun 3f2a assess 0 seed=1 max_tokens="])
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
        XCTAssertTrue(try ReplHelp.text(topic: "flow").contains("There is no /step"))
        XCTAssertTrue(try ReplHelp.text(topic: "score").contains(#"{"metric": "set_f1", "predicted""#))
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
