import Foundation
import Support
import Workflow
import XCTest

final class FlowCheckTests: XCTestCase {
    var fixtures: URL { Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("flows") }

    /// Each malformed fixture (Fixtures/flows) next to the errors its check must report, in file
    /// order. A line matches when the reported line starts with it (one message ends in a path).
    static let malformed: [(String, [String])] = [
        ("bad-json.json", [
            "bad-json.json:33:60: $: invalid JSON: expected a string key",
        ]),
        ("bad-forward-reference.json", [
            #"bad-forward-reference.json:20:15: $.steps[1].over: $steps.top.output: step "top" comes later (step 2); a step may read only steps declared before it"#,
        ]),
        ("bad-self-reference.json", [
            #"bad-self-reference.json:33:29: $.steps[2].arguments.list: $steps.top.output: step "top" cannot read its own output"#,
        ]),
        ("bad-unknown-names.json", [
            "bad-unknown-names.json:15:26: $.steps[0].inputs.case: $inputs.patient names no input (inputs: case, expected)",
            "bad-unknown-names.json:44:22: $.outputs.top: $steps.best.output names no step (steps: assess, candidates, recall, top)",
        ]),
        ("bad-item-outside-map.json", [
            "bad-item-outside-map.json:33:29: $.steps[2].arguments.list: $item: $item exists only in the step inside a map",
        ]),
        ("bad-reference-syntax.json", [
            #"bad-reference-syntax.json:33:29: $.steps[2].arguments.list: invalid reference "$steps.assess.genes": expected $steps.NAME.output"#,
        ]),
        ("bad-duplicate-step.json", [
            #"bad-duplicate-step.json:30:15: $.steps[2].name: step name "candidates" is already used by step 0 ($.steps[0])"#,
            "bad-duplicate-step.json:39:21: $.steps[3].prediction: $steps.top.output names no step (steps: assess, candidates, recall)",
            "bad-duplicate-step.json:44:22: $.outputs.top: $steps.top.output names no step (steps: assess, candidates, recall)",
        ]),
        ("bad-unknown-function.json", [
            #"bad-unknown-function.json:32:19: $.steps[2].function: unknown transform function "top_n" (known: filter, group_by, join, pick, rank_by, top_k, unique, weighted_sum)"#,
        ]),
        ("bad-transform-arguments.json", [
            #"bad-transform-arguments.json:33:58: $.steps[2].arguments.k: top_k: argument "k": expected a non-negative integer, found "two""#,
            #"bad-transform-arguments.json:33:70: $.steps[2].arguments.n: top_k: argument "n": unknown argument (top_k takes list, k)"#,
        ]),
        ("bad-missing-template.json", [
            #"bad-missing-template.json:24:21: $.steps[1].step.template: template file "templates/assessment.txt" not found in "#,
        ]),
        ("bad-template-path.json", [
            #"bad-template-path.json:24:21: $.steps[1].step.template: template path "../../WorkflowTests.swift" must be relative to the prompts directory, without '..' or empty parts"#,
        ]),
        ("bad-template-syntax.json", [
            #"bad-template-syntax.json:13:19: $.steps[0].template: template templates/broken.txt:3:13: unknown filter "uppercase" (known: default, join, json, length, lower, pretty, upper)"#,
        ]),
        ("bad-template-variables.json", [
            #"bad-template-variables.json:13:19: $.steps[0].template: template templates/genes.txt:2:17 uses "max_genes", which this step does not provide (provided: case, max_gene)"#,
            #"bad-template-variables.json:15:54: $.steps[0].inputs.max_gene: input "max_gene" is not used by the step's templates"#,
        ]),
        ("bad-inline-schema.json", [
            #"bad-inline-schema.json:25:116: $.steps[1].step.schema.properties.symbol.format: schema: unsupported schema keyword "format""#,
        ]),
        ("bad-schema-file.json", [
            #"bad-schema-file.json:14:17: $.steps[0].schema: schema file schemas/unsupported.json:4:47: $.properties.genes.uniqueItems: unsupported schema keyword "uniqueItems""#,
        ]),
        ("bad-unknown-fields.json", [
            #"bad-unknown-fields.json:10:5: $.steps[0].template: missing required field "template""#,
            #"bad-unknown-fields.json:13:18: $.steps[0].templte: unknown field "templte" (known here: inputs, kind, name, replicates, sampling, schema, system, template)"#,
            #"bad-unknown-fields.json:22:22: $.steps[1].concurrency: unknown field "concurrency" (known here: as, kind, max_concurrency, name, over, step)"#,
        ]),
        ("bad-nested-map.json", [
            #"bad-nested-map.json:23:17: $.steps[1].step.kind: unknown step kind "map" inside a map (allowed: model, transform)"#,
        ]),
        ("bad-sampling.json", [
            "bad-sampling.json:27:37: $.steps[1].step.sampling.temperature: expected a number in 0...100, found -1",
            #"bad-sampling.json:27:63: $.steps[1].step.sampling.beam: unknown sampling setting "beam" (known: max_tokens, seed, temperature, top_k, top_p)"#,
        ]),
        ("bad-inputs.json", [
            #"bad-inputs.json:8:5: $.inputs[2]: an input needs "schema" or "type""#,
            "bad-inputs.json:24:26: $.steps[1].max_concurrency: expected an integer >= 1, found 0",
        ]),
        ("bad-input-schemas.json", [
            #"bad-input-schemas.json:7:14: $.inputs[1].name: input "case" is declared twice"#,
            #"bad-input-schemas.json:7:41: $.inputs[1].schema.type: schema: unknown type "list" (known: null, boolean, object, array, number, integer, string)"#,
        ]),
        ("bad-score.json", [
            #"bad-score.json:38:17: $.steps[3].metric: unknown metric "recal" (known: accuracy, exact_match, f1, jaccard, mean_reciprocal_rank, ndcg, precision, recall)"#,
            "bad-score.json:40:20: $.steps[3].reference: a score's reference must be an $inputs reference (reference data comes with the run), found $steps.top.output",
        ]),
    ]

    func testEachMalformedFlowIsRejectedWithFileLineAndReason() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixtures.path).filter { $0.hasPrefix("bad-") }
        XCTAssertEqual(Set(names), Set(Self.malformed.map(\.0)), "every fixture has its expected errors, and every expectation its fixture")
        for (name, expected) in Self.malformed {
            XCTAssertThrowsError(try CheckedFlow.load(file: fixtures.appendingPathComponent(name)), name) { error in
                guard let failure = error as? FlowCheckError else { return XCTFail("\(name): \(error)") }
                let found = failure.issues.map(\.description)
                XCTAssertEqual(found.count, expected.count, "\(name):\n\(failure)")
                for (line, prefix) in zip(found, expected) {
                    XCTAssertTrue(line.hasPrefix(prefix), "\(name)\n  got:      \(line)\n  expected: \(prefix)")
                }
            }
        }
    }

    func testTheFixtureBaseFlowPasses() throws {
        let flow = try CheckedFlow.load(file: fixtures.appendingPathComponent("good.json"))
        XCTAssertEqual(flow.plan.steps.map(\.name), ["candidates", "assess", "top", "recall"])
    }

    func testAMetricMissingFromTheCatalogIsRejected() throws {
        var catalog = MetricCatalog()
        catalog.register(.init(name: "precision", summary: "test"))
        XCTAssertThrowsError(try CheckedFlow.load(file: fixtures.appendingPathComponent("good.json"), metrics: catalog)) { error in
            XCTAssertTrue("\(error)".contains(#"unknown metric "recall" (known: precision)"#), "\(error)")
        }
    }
}
