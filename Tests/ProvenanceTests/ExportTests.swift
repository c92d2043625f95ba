import Foundation
import Provenance
import Support
import XCTest

final class ExportTests: XCTestCase {
    /// A finished run with: a reference artifact, two calls (one valid, one failed), a cache hit
    /// on a call of an earlier run, an output artifact and a score.
    private func finishedRun() throws -> (ProvenanceStore, RunID, earlier: RunID) {
        let (store, earlier) = try Sample.storeWithRun(self)
        try store.recordCall(run: earlier, key: CallKey(step: "rank", item: "TP53"), request: Sample.request(item: "TP53"),
                             result: Sample.result(item: "TP53"))
        let run = try store.createRun(Sample.spec()).id
        try store.storeJSON(run: run, role: .reference, name: "expert ranking", value: ["BRCA1", "TP53"])
        try store.startStep(run: run, name: "rank", kind: "map")
        try store.recordCall(run: run, key: CallKey(step: "rank", item: "BRCA1"), request: Sample.request(item: "BRCA1"),
                             result: Sample.result(item: "BRCA1"))
        try store.recordCall(run: run, key: CallKey(step: "rank", item: "BRCA2"), request: Sample.request(item: "BRCA2"),
                             result: CallResult(outcome: .failed(error: "timed out after 30 s", raw: "{\"sc"), latencyMilliseconds: 30_000))
        let cached = try XCTUnwrap(try store.cachedCall(Sample.request(item: "TP53").identity))
        try store.recordCacheHit(run: run, key: CallKey(step: "rank", item: "TP53"), request: Sample.request(item: "TP53"), cached: cached)
        try store.finishStep(run: run, name: "rank", .succeeded)
        try store.startStep(run: run, name: "score", kind: "score")
        try store.storeJSON(run: run, role: .output, name: "ranking", value: ["TP53", "BRCA1"], step: "rank")
        try store.recordScore(run: run, step: "score", metric: "ndcg@2", value: 0.63, details: ["k": 2])
        try store.finishStep(run: run, name: "score", .succeeded)
        try store.finishRun(run, .succeeded)
        return (store, run, earlier)
    }

    func testRunExportHoldsEverything() throws {
        let (store, run, _) = try finishedRun()
        let export = try store.exportRun(run)
        XCTAssertEqual(export["format"], "consilium.run-export")
        XCTAssertEqual(export["run"]?["status"], "succeeded")
        XCTAssertEqual(export["run"]?["parameters"], ["model": "local", "concurrency": 2])
        XCTAssertEqual(export["steps"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["rank", "score"])
        let calls = try XCTUnwrap(export["calls"]?.arrayValue)
        XCTAssertEqual(calls.map { $0["item"]?.stringValue }, ["BRCA1", "BRCA2", "TP53"])
        XCTAssertEqual(calls[0]["parsedOutput"], ["score": 0.5, "gene": "BRCA1"])
        XCTAssertEqual(calls[0]["modelSha256"]?.stringValue, Sample.localModel.localFile?.sha256.hex)
        XCTAssertEqual(calls[0]["sampling"]?["seed"], 42)
        XCTAssertEqual(calls[0]["templateHash"]?.stringValue, Sample.templateHash.hex)
        XCTAssertEqual(calls[1]["outcome"], "failed")
        XCTAssertEqual(calls[1]["rawOutput"], "{\"sc")
        XCTAssertEqual(calls[2]["cacheHit"], true)
        XCTAssertNotNil(calls[2]["cachedFrom"]?.intValue)
        let artifacts = try XCTUnwrap(export["artifacts"]?.arrayValue)
        XCTAssertEqual(Set(artifacts.compactMap { $0["role"]?.stringValue }), ["input", "reference", "output"])
        XCTAssertEqual(artifacts.first { $0["role"] == "input" }?["hash"], export["run"]?["inputsHash"])
        XCTAssertEqual(export["scores"]?[0]?["value"], 0.63)
        // The referenced bytes are in the store, under their hash.
        let output = try XCTUnwrap(artifacts.first { $0["role"] == "output" }?["hash"]?.stringValue)
        let bytes = try XCTUnwrap(try store.artifact(XCTUnwrap(ContentHash(hex: output)))).bytes
        XCTAssertEqual(try JSONValue(parsing: bytes), ["TP53", "BRCA1"])
        XCTAssertEqual(try JSONValue(parsing: export.canonicalText), export)
    }

    func testPROVJSONShape() throws {
        let (store, run, earlier) = try finishedRun()
        let prov = try store.exportPROV(run)
        let allowed: Set<String> = ["prefix", "entity", "activity", "agent", "used", "wasGeneratedBy", "wasAssociatedWith",
                                    "wasInformedBy", "wasDerivedFrom", "actedOnBehalfOf"]
        let top = try XCTUnwrap(prov.objectValue)
        XCTAssertEqual(Set(top.keys), allowed)
        let prefixes = Set(try XCTUnwrap(prov["prefix"]?.objectValue).keys).union(["prov", "xsd"])

        // Every identifier is a qualified name with a declared prefix.
        var ids: [String: Set<String>] = [:]
        for kind in ["entity", "activity", "agent"] {
            ids[kind] = Set(try XCTUnwrap(prov[kind]?.objectValue).keys)
            for id in ids[kind]! {
                let prefix = String(id.prefix { $0 != ":" })
                XCTAssertTrue(prefixes.contains(prefix) && id.contains(":"), "\(kind) \(id)")
            }
        }
        // Every relation points at records that exist, with the members PROV-JSON names.
        let members: [String: [(String, String)]] = [
            "used": [("prov:activity", "activity"), ("prov:entity", "entity")],
            "wasGeneratedBy": [("prov:entity", "entity"), ("prov:activity", "activity")],
            "wasAssociatedWith": [("prov:activity", "activity"), ("prov:agent", "agent")],
            "wasInformedBy": [("prov:informed", "activity"), ("prov:informant", "activity")],
            "actedOnBehalfOf": [("prov:delegate", "agent"), ("prov:responsible", "agent")],
            "wasDerivedFrom": [("prov:generatedEntity", "entity"), ("prov:usedEntity", "entity")],
        ]
        for (relation, roles) in members {
            let records = try XCTUnwrap(prov[relation]?.objectValue, relation)
            for (id, record) in records {
                XCTAssertTrue(id.hasPrefix("_:"), id)
                for (member, kind) in roles {
                    let target = try XCTUnwrap(record[member]?.stringValue, "\(relation) \(id) \(member)")
                    XCTAssertTrue(ids[kind]!.contains(target), "\(relation) \(id): \(member) \(target) is no \(kind)")
                }
            }
        }

        let runID = "run:\(run)"
        let runActivity = try XCTUnwrap(prov["activity"]?[runID])
        XCTAssertEqual(runActivity["prov:startTime"]?["type"], "xsd:dateTime")
        XCTAssertEqual(runActivity["prov:type"]?["$"], "consilium:Run")
        let inputs = try XCTUnwrap(store.run(run)).inputsHash
        let used = try XCTUnwrap(prov["used"]?.objectValue).values
        XCTAssertTrue(used.contains { $0["prov:activity"]?.stringValue == runID && $0["prov:entity"]?.stringValue == "sha256:\(inputs.hex)" })
        let generated = try XCTUnwrap(prov["wasGeneratedBy"]?.objectValue).values
        XCTAssertTrue(generated.contains { $0["prov:activity"]?.stringValue == "\(runID)/step/rank" && $0["prov:role"] == "output:ranking" })
        let modelAgent = try XCTUnwrap(prov["agent"]?["model:local/smollm2-135m-instruct-q4_1%2Egguf"])
        XCTAssertEqual(modelAgent["consilium:quantization"], "Q4_1")
        // The cache hit's output derives from the earlier run's output.
        let derived = try XCTUnwrap(prov["wasDerivedFrom"]?.objectValue?.values.first)
        XCTAssertTrue(derived["prov:usedEntity"]?.stringValue?.hasPrefix("run:\(earlier)/call/") == true, "\(derived)")
        XCTAssertEqual(prov["actedOnBehalfOf"]?.objectValue?.count, 1, "one model, one provider: one delegation")
        XCTAssertEqual(prov["activity"]?.objectValue?.values.filter { $0["prov:type"]?["$"] == "consilium:ModelCall" }.count, 3)
    }
}
