import Foundation
import Support
import Workflow
import XCTest

/// The example flow in Prompts/flows/example.json: checked, planned, its prompts rendered and its
/// transforms evaluated on hand-written answers (no model is needed for any of this).
final class ExampleFlowTests: XCTestCase {
    static let prompts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Prompts")

    let caseInput: JSONValue = [
        "summary": "Boy, 4 years, developmental delay and seizures since infancy.",
        "phenotypes": ["HP:0001263 Global developmental delay", "HP:0001250 Seizure"],
    ]

    func load() throws -> CheckedFlow {
        try CheckedFlow.load(file: Self.prompts.appendingPathComponent("flows/example.json"))
    }

    func testPlanOrderStagesAndDependencies() throws {
        let flow = try load()
        XCTAssertEqual(flow.definition.id, "example.gene-prioritization")
        XCTAssertEqual(flow.sha256.count, 64)
        let plan = flow.plan
        XCTAssertEqual(plan.steps.map(\.name), ["candidates", "assess", "weighted", "ranked", "top", "top_symbols", "recall"])
        XCTAssertEqual(plan.stages, [["candidates"], ["assess"], ["weighted"], ["ranked"], ["top"], ["top_symbols", "recall"]])
        XCTAssertEqual(plan.step(named: "assess")?.dependencies, ["candidates"])
        XCTAssertEqual(plan.step(named: "assess")?.inputsRead, ["case"])
        XCTAssertEqual(plan.step(named: "recall")?.dependencies, ["top"])
        XCTAssertEqual(plan.step(named: "recall")?.inputsRead, ["expected_genes"])
        XCTAssertEqual(plan.outputs.map(\.name), ["ranking", "recall"])
        guard case .map(let map)? = plan.step(named: "assess")?.operation, case .model(let call) = map.body else {
            return XCTFail("assess is a map over a model call")
        }
        XCTAssertEqual(map.maxConcurrency, 4)
        XCTAssertEqual(map.itemName, "gene")
        XCTAssertEqual(call.sampling, SamplingOverrides(temperature: 0, maxTokens: 200))
        XCTAssertEqual(call.schemaName, "inline at $.steps[1].step.schema")
    }

    func testPromptsRenderWithTheirTemplateIdentity() throws {
        let flow = try load()
        guard case .model(let candidates)? = flow.plan.step(named: "candidates")?.operation else { return XCTFail("candidates is a model step") }
        let scope = EvaluationScope(inputs: ["case": caseInput, "expected_genes": ["SCN1A"]])
        let prompt = try candidates.render(in: scope)
        XCTAssertEqual(prompt.user, """
        Case summary:
        Boy, 4 years, developmental delay and seizures since infancy.

        Phenotypes (HPO):
        - HP:0001263 Global developmental delay
        - HP:0001250 Seizure

        List at most 8 candidate genes whose known disease associations best explain these
        phenotypes, most likely first, as official HGNC symbols.
        Answer as {"genes": ["SYMBOL", ...]}.

        """)
        XCTAssertTrue(prompt.system?.hasPrefix("You assist a clinical geneticist.") ?? false)
        let bytes = try Data(contentsOf: Self.prompts.appendingPathComponent("example/candidates.txt"))
        XCTAssertEqual(prompt.templateSHA256, ContentHash.sha256Hex(bytes))
        XCTAssertEqual(prompt.templateName, "example/candidates.txt")

        guard case .map(let map)? = flow.plan.step(named: "assess")?.operation, case .model(let assess) = map.body else { return XCTFail() }
        var itemScope = scope
        itemScope.item = "scn1a"
        let assessPrompt = try assess.render(in: itemScope)
        XCTAssertTrue(assessPrompt.user.contains("Candidate gene: SCN1A\n"), assessPrompt.user)
        XCTAssertTrue(assessPrompt.user.contains("Phenotypes: HP:0001263 Global developmental delay, HP:0001250 Seizure\n"))
    }

    func testTransformsRunFromThePlan() throws {
        let flow = try load()
        var scope = EvaluationScope(inputs: ["case": caseInput, "expected_genes": ["SCN1A", "STXBP1"]])
        scope.outputs["assess"] = [
            ["symbol": "KCNQ2", "fit": 0.5, "actionable": false],
            ["symbol": "SCN1A", "fit": 0.9, "actionable": true],
            ["symbol": "MECP2", "fit": 0.3, "actionable": false],
            ["symbol": "STXBP1", "fit": 0.7, "actionable": true],
        ]
        for name in ["weighted", "ranked", "top", "top_symbols"] {
            guard case .transform(let transform)? = flow.plan.step(named: name)?.operation else { return XCTFail("\(name) is a transform") }
            scope.outputs[name] = try transform.evaluate(in: scope)
        }
        let ranking = try XCTUnwrap(scope.outputs["top_symbols"]?.arrayValue)
        XCTAssertEqual(ranking.compactMap { $0["symbol"]?.stringValue }, ["SCN1A", "STXBP1", "KCNQ2"])
        XCTAssertEqual(ranking.first, ["symbol": "SCN1A", "priority": .number(0.9 * 0.8 + 0.2)])
    }

    func testResolutionErrorsNameTheMissingPart() throws {
        let flow = try load()
        guard case .map(let map)? = flow.plan.step(named: "assess")?.operation else { return XCTFail() }
        let notAList = EvaluationScope(inputs: [:], outputs: ["candidates": ["genes": "SCN1A"]])
        XCTAssertThrowsError(try map.items(in: notAList)) { error in
            XCTAssertEqual("\(error)", "$steps.candidates.output.genes: a map needs a list, found string")
        }
        let noField = EvaluationScope(inputs: [:], outputs: ["candidates": ["symbols": []]])
        XCTAssertThrowsError(try map.items(in: noField)) { error in
            XCTAssertEqual("\(error)", "$steps.candidates.output.genes: $steps.candidates.output has no field \"genes\" (fields: symbols)")
        }
        let deep = try XCTUnwrap(try Reference.parse("$steps.candidates.output.genes[2].symbol").get())
        let scope = EvaluationScope(inputs: [:], outputs: ["candidates": ["genes": [["symbol": "A"]]]])
        XCTAssertThrowsError(try scope.resolve(deep)) { error in
            XCTAssertEqual("\(error)", "$steps.candidates.output.genes[2].symbol: $steps.candidates.output.genes has 1 items, so no item [2]")
        }
        XCTAssertEqual(try map.items(in: EvaluationScope(inputs: [:], outputs: ["candidates": ["genes": ["A", "B"]]])), ["A", "B"])
    }

    func testInputsAreCheckedAgainstTheirSchemas() throws {
        let flow = try load()
        XCTAssertEqual(flow.validateInputs(["case": caseInput, "expected_genes": ["SCN1A"]]), [])
        XCTAssertEqual(flow.validateInputs(["case": ["summary": "", "phenotypes": [], "age": 4], "extra": 1]), [
            #"input "case" $.age: expected no property "age" (allowed: phenotypes, summary), found number 4"#,
            #"input "case" $.phenotypes: expected at least 1 items, found 0"#,
            #"input "case" $.summary: expected a string of at least 1 characters, found 0 characters"#,
            #"input "expected_genes" is missing"#,
            #"input "extra" is not declared by flow example.gene-prioritization"#,
        ])
    }
}

final class PromptsReadmeTests: XCTestCase {
    /// The format documentation names every transform, filter and standard metric the code knows.
    func testReadmeDocumentsEveryBuiltin() throws {
        let readme = try String(contentsOf: ExampleFlowTests.prompts.appendingPathComponent("README.md"), encoding: .utf8)
        for name in Transforms.table.keys.sorted() { XCTAssertTrue(readme.contains("| `\(name)` |"), "transform \(name)") }
        for name in Template.filterNames { XCTAssertTrue(readme.contains("`\(name)"), "filter \(name)") }
        for name in MetricCatalog.standard.metrics.keys.sorted() { XCTAssertTrue(readme.contains("`\(name)`"), "metric \(name)") }
    }
}
