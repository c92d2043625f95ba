import FlowRunner
import Support
import XCTest

/// The engine's own metrics as pure functions, failures included.
final class MetricTests: XCTestCase {
    let failed = ItemFailure(step: "assess", item: "1", kind: .invalid, reason: "r").json

    func score(_ metric: any FlowMetric, _ prediction: JSONValue, _ reference: JSONValue,
               _ arguments: [String: JSONValue] = [:]) throws -> MetricResult {
        try metric.score(MetricInput(prediction: prediction, reference: reference, arguments: arguments))
    }

    func testSetMetricsByFieldWithAFailedItemAndK() throws {
        let prediction: JSONValue = [["symbol": "A"], failed, ["symbol": "B"], ["symbol": "Z"]]
        let reference: JSONValue = ["A", "B", "C", "D"]
        let precision = try score(SetMetric(.precision), prediction, reference, ["field": "symbol"])
        XCTAssertEqual(precision.value, 2.0 / 3.0)
        XCTAssertEqual(precision.details["failed_items"], 1)
        XCTAssertEqual(try score(SetMetric(.recall), prediction, reference, ["field": "symbol"]).value, 0.5)
        let f1 = try score(SetMetric(.f1), prediction, reference, ["field": "symbol"]).value
        XCTAssertEqual(f1, 2 * (2.0 / 3.0) * 0.5 / (2.0 / 3.0 + 0.5), accuracy: 1e-12)
        // k counts the failed item's place: the first two items are A and a failure.
        let top2 = try score(SetMetric(.precision), prediction, reference, ["field": "symbol", "k": 2])
        XCTAssertEqual(top2.value, 1)
        XCTAssertEqual(top2.details["predicted"], 1)
        XCTAssertEqual(top2.details["failed_items"], 1)
    }

    func testAWholeFailedPredictionScoresZeroAndIsCounted() throws {
        let recall = try score(SetMetric(.recall), failed, ["A"])
        XCTAssertEqual(recall.value, 0)
        XCTAssertEqual(recall.details["failed_items"], 1)
        let accuracy = try score(AccuracyMetric(), failed, ["A", "B"])
        XCTAssertEqual(accuracy.value, 0)
        XCTAssertEqual(accuracy.details["failed_items"], 2)
    }

    func testAccuracyIsPositional() throws {
        let result = try score(AccuracyMetric(), [["s": "A"], failed, ["s": "X"]], ["A", "B", "X"], ["field": "s"])
        XCTAssertEqual(result.value, 2.0 / 3.0)
        XCTAssertEqual(result.details["failed_items"], 1)
        XCTAssertEqual(try score(AccuracyMetric(), "yes", "yes").value, 1)
    }

    func testErrorsNameTheMetricAndTheProblem() {
        XCTAssertThrowsError(try score(AccuracyMetric(), ["A"], ["A", "B"])) {
            XCTAssertEqual("\($0)", "metric accuracy: the prediction has 1 items but the reference has 2")
        }
        XCTAssertThrowsError(try score(SetMetric(.recall), ["A"], [])) {
            XCTAssertEqual("\($0)", "metric recall: the reference list is empty, so recall is undefined")
        }
        XCTAssertThrowsError(try score(SetMetric(.precision), [["name": "A"]], ["A"], ["field": "symbol"])) {
            XCTAssertEqual("\($0)", "metric precision: prediction item 0 has no field \"symbol\" (fields: name)")
        }
    }

    func testTheStandardRegistryIsTheCatalogFlowsAreCheckedAgainst() {
        XCTAssertEqual(MetricRegistry.standard.catalog.metrics.keys.sorted(), ["accuracy", "f1", "precision", "recall"])
        XCTAssertEqual(MetricRegistry.standard.catalog.metrics["f1"]?.arguments, ["field", "k"])
    }
}
