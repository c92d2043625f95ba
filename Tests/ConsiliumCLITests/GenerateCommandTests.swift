import ConsiliumCLI
import Foundation
import Support
import TestSupport
import XCTest

/// `consilium generate` end to end, on the real default model.
final class GenerateCommandTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Run {
        let stdout = StringWriter(), stderr = StringWriter()
        let context = CommandContext(stdout: stdout, stderr: stderr, environment: environment)
        let status = await Consilium.main(["consilium"] + arguments, context: context)
        return Run(status: status, stdout: stdout.text, stderr: stderr.text)
    }

    /// llama.cpp's greedy continuation of a raw prompt (Tests/InferenceTests/Fixtures/llamacpp, made
    /// with llama.cpp 0c1e57098; see the README there).
    func reference(_ name: String) throws -> (prompt: String, ids: [Int], steps: [[(id: Int, logit: Double)]]) {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("InferenceTests/Fixtures/llamacpp/\(TestModels.smollm2).json")
        let json = try JSONValue(parsing: Data(contentsOf: url))
        let result = try XCTUnwrap(json["results"]?.arrayValue?.first { $0["name"]?.stringValue == name })
        let steps = (result["step_top_logits"]?.arrayValue ?? []).map { step in
            (step.arrayValue ?? []).compactMap { pair -> (id: Int, logit: Double)? in
                guard let id = pair[0]?.intValue, let logit = pair[1]?.numberValue else { return nil }
                return (id, logit)
            }
        }
        return (try XCTUnwrap(result["prompt_text"]?.stringValue),
                try XCTUnwrap(result["generated_ids"]?.arrayValue).compactMap(\.intValue), steps)
    }

    func testGreedyRawJSONMatchesLlamaCpp() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        let (prompt, expected, steps) = try reference("raw0")
        let run = await run(["generate", "--model", path, "--raw", "--json", "--max-tokens", "\(expected.count)", prompt])
        XCTAssertEqual(run.status, 0, run.stderr)
        let json = try JSONValue(parsing: run.stdout)
        let ids = try XCTUnwrap(json["tokens"]?.arrayValue).compactMap(\.intValue)
        // Equal ids up to the first difference, which may only be a near-tie in llama.cpp's own
        // logits (the rule and the 0.1 margin of ParityTests); after it the sequences part.
        let common = zip(ids, expected).prefix { $0 == $1 }.count
        if common < min(ids.count, expected.count) {
            let top = steps[common]
            let ours = try XCTUnwrap(top.first { $0.id == ids[common] }, "step \(common): our token is not in llama.cpp's top 5")
            XCTAssertLessThan(top[0].logit - ours.logit, 0.1, "step \(common): not a near-tie")
        }
        XCTAssertGreaterThanOrEqual(common, 8, "the continuation parts from llama.cpp's too early")
        XCTAssertEqual(json["model"]?["architecture"], "llama")
        XCTAssertEqual(json["model"]?["size_bytes"]?.intValue, 98_362_432)
        XCTAssertEqual(json["sampling"]?["temperature"]?.numberValue, 0)
        XCTAssertNotNil(json["timings"]?["generation_tokens_per_second"]?.numberValue)
        XCTAssertFalse(json["text"]?.stringValue?.isEmpty ?? true)
    }

    func testSeededSamplingIsReproducibleAndSeedsDiffer() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        func sample(_ seed: Int) async throws -> String {
            let run = await run(["generate", "-m", path, "--json", "-n", "24", "--temperature", "1.0",
                                 "--top-k", "0", "--top-p", "1", "--min-p", "0", "--seed", "\(seed)",
                                 "Write one sentence about haemoglobin."])
            XCTAssertEqual(run.status, 0, run.stderr)
            return try XCTUnwrap(JSONValue(parsing: run.stdout)["text"]?.stringValue)
        }
        let first = try await sample(11)
        let again = try await sample(11)
        XCTAssertEqual(first, again)
        var others: Set<String> = []
        for seed in 12...14 { others.insert(try await sample(seed)) }
        XCTAssertGreaterThan(others.subtracting([first]).count, 0, "every seed gave the same text")
    }

    func testStopStringEndsTheTextBeforeIt() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        let (prompt, _, _) = try reference("raw0")
        let full = await run(["generate", "-m", path, "--raw", "--json", "-n", "32", prompt])
        let text = try XCTUnwrap(JSONValue(parsing: full.stdout)["text"]?.stringValue)
        let words = text.split(separator: " ")
        guard words.count >= 3 else { throw XCTSkip("continuation too short to pick a stop string") }
        let stop = String(words[2])
        let stopped = await run(["generate", "-m", path, "--raw", "--json", "-n", "32", "--stop", stop, prompt])
        let json = try JSONValue(parsing: stopped.stdout)
        XCTAssertEqual(json["stop_reason"], "stop_string")
        let expected = String(text[..<text.range(of: stop)!.lowerBound])
        XCTAssertEqual(json["text"]?.stringValue, expected)
    }

    func testSchemaConstrainsTheOutputAndABadSchemaIsNamed() async throws {
        let path = try TestModels.path(TestModels.smollm2)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consilium-schema-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = dir.appendingPathComponent("s.json")
        try Data(#"{"type": "object", "required": ["gene", "score"], "properties": {"gene": {"type": "string", "maxLength": 10}, "score": {"type": "integer", "minimum": 0, "maximum": 10}}}"#.utf8).write(to: schema)
        let run = await run(["generate", "-m", path, "--json", "-n", "48", "--schema", schema.path,
                             "Score ALAS2 for erythroid relevance."])
        XCTAssertEqual(run.status, 0, run.stderr)
        let text = try XCTUnwrap(JSONValue(parsing: run.stdout)["text"]?.stringValue)
        let answer = try JSONValue(parsing: text)
        XCTAssertLessThanOrEqual(try XCTUnwrap(answer["gene"]?.stringValue, text).count, 10)
        XCTAssertTrue((0...10).contains(try XCTUnwrap(answer["score"]?.intValue, text)), text)

        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"type": "object", "properties": {"a": {"type": "string", "format": "date"}}}"#.utf8).write(to: bad)
        let refused = await self.run(["generate", "-m", path, "--schema", bad.path, "x"])
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.stderr.contains(bad.path) && refused.stderr.contains("$.properties.a.format"), refused.stderr)
    }

    func testMessagesFileIsChecked() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("consilium-msg-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("m.json")
        try Data(#"[{"role": "user", "content": "hi"}, {"role": "doctor", "content": "x"}]"#.utf8).write(to: file)
        let path = try TestModels.path(TestModels.smollm2)
        let run = await run(["generate", "-m", path, "--messages", file.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.stderr.contains("$[1].role"), run.stderr)
        XCTAssertTrue(run.stderr.contains("\"doctor\""), run.stderr)
    }

    func testUsageErrorsNameTheOption() async {
        let both = await run(["generate", "--messages", "m.json", "a prompt"])
        XCTAssertEqual(both.status, 2)
        XCTAssertTrue(both.stderr.contains("--messages"), both.stderr)
        let badSeed = await run(["generate", "--seed", "-3", "x"])
        XCTAssertEqual(badSeed.status, 2)
        XCTAssertTrue(badSeed.stderr.contains("seed"), badSeed.stderr)
        let missing = await run(["generate", "--model", "/nonexistent/model.gguf", "x"])
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/model.gguf"), missing.stderr)
    }
}
