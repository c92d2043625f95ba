import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Scoring
import Support
import XCTest
@testable import Exams

/// Two hand-made runs on ten items whose statistics were worked out by hand (see each assert).
final class ReportTests: XCTestCase {
    let keys = ["A", "B", "C", "D", "A", "B", "C", "D", "A", "A"]

    func dataset(redact: Bool = false) throws -> ExamDataset {
        let items = try keys.enumerated().map { index, key in
            try ExamItem(id: "q\(index)", stem: "Secret stem \(index)", format: .multipleChoice,
                         options: ["A", "B", "C", "D"].map { ExamOption(label: $0, text: "option \($0) of \(index)") },
                         key: key, tags: ["subject": index < 5 ? "anatomy" : "physiology"])
        }
        let hash = ContentHash.of("fixture")
        return ExamDataset(name: "fixture", format: "test", sources: [.init(path: "fixture.jsonl", sha256: hash)],
                           items: items, redactText: redact)
    }

    /// first: right on items 0-6; 7 "A or B" (unparseable), 8 empty, 9 a wrong letter.
    /// second: right on 0, 1, 5, 9; 2 a transport error, 3 a refusal, others wrong letters.
    func runs(_ data: ExamDataset) -> (RunScores, RunScores) {
        let extractor = AnswerExtractor()
        let firstReplies: [ModelReply] = (0..<7).map { .text("Answer: \(keys[$0])") } + [.text("A or B"), .text(""), .text("B")]
        let secondReplies: [ModelReply] = [.text("A"), .text("The answer is B."), .transportError("HTTP 503"),
                                           .text("I cannot answer medical questions."), .text("B"), .text("(B)"),
                                           .text("A"), .text("A"), .text("C"), .text("A")]
        let first = zip(data.items, firstReplies).map { extractor.score($1, for: $0) }
        let second = zip(data.items, secondReplies).map { extractor.score($1, for: $0) }
        return (RunScores(name: "model-x", scored: first), RunScores(name: "model-y", scored: second))
    }

    func testRunSummaryCountsFailuresApart() throws {
        let data = try dataset()
        let (first, second) = runs(data)
        let report = try RunReport(run: first, dataset: data, tag: "subject")
        let s = report.overall.summary
        XCTAssertEqual([s.itemCount, s.correct, s.wrong, s.unparseable, s.empty, s.refusals, s.transportErrors], [10, 7, 1, 1, 1, 0, 0])
        XCTAssertEqual(s.accuracy.value, 0.7)
        XCTAssertEqual(s.accuracyAmongParsed.value, 7.0 / 8)
        XCTAssertEqual(s.parseFailureRate, 0.2)
        // Wilson 7/10: (7 + z²/2)/(10 + z²) -+ z/(10 + z²) sqrt(7*3/10 + z²/4), z = 1.959964 (Python statistics.NormalDist).
        XCTAssertEqual(s.interval.lower, 0.396778, accuracy: 1e-6)
        XCTAssertEqual(s.interval.upper, 0.892209, accuracy: 1e-6)
        XCTAssertEqual(report.byTag.map(\.name), ["anatomy", "physiology"])
        XCTAssertEqual(report.byTag.map(\.summary.correct), [5, 2])
        XCTAssertEqual(report.overall.baselines.bestConstantLabel, "A")
        XCTAssertEqual(report.overall.baselines.constantAccuracy, 0.4)
        XCTAssertEqual(report.histogram.unanswered, 2)

        let y = try RunReport(run: second, dataset: data).overall.summary
        XCTAssertEqual([y.correct, y.wrong, y.refusals, y.transportErrors], [4, 4, 1, 1])
        XCTAssertEqual(try XCTUnwrap(y.parseFailureRate), 1.0 / 9, accuracy: 1e-15)  // transport errors are not parse failures
    }

    func testPairedComparisonByHand() throws {
        let data = try dataset()
        let (first, second) = runs(data)
        let comparison = try ComparisonReport(first: first, second: second, dataset: data, tag: "subject", resamples: 2_000, seed: 1)
        let o = comparison.overall
        // Both right: 0, 1, 5; first only: 2, 3, 4, 6; second only: 9; both wrong: 7, 8.
        XCTAssertEqual([o.test.bothCorrect, o.test.onlyFirstCorrect, o.test.onlySecondCorrect, o.test.bothWrong], [3, 4, 1, 2])
        XCTAssertEqual(o.test.pValue, 2 * 6.0 / 32, accuracy: 1e-12)  // 2 P(X <= 1), X ~ Bin(5, 1/2)
        XCTAssertEqual(try XCTUnwrap(o.difference.estimate), 0.3, accuracy: 1e-12)
        let interval = try XCTUnwrap(o.difference.interval)
        XCTAssertTrue(interval.contains(0.3))
        XCTAssertLessThan(interval.lower, 0.3)
        XCTAssertEqual(o.minimumDetectableDifference,
                       try MinimumDetectableDifference.pairedAccuracy(itemCount: 10, discordantProportion: 0.5))
        // anatomy: b = 3, c = 0 -> p = 2/8; physiology: b = c = 1 -> p = 1. Holm: 2 * 0.25, then max(0.5, 1).
        for (got, want) in zip(comparison.byTag.map(\.test.pValue) + comparison.holmAdjustedPValues, [0.25, 1, 0.5, 1]) {
            XCTAssertEqual(got, want, accuracy: 1e-12)
        }
        // Same seed, same interval.
        let again = try ComparisonReport(first: first, second: second, dataset: data, tag: "subject", resamples: 2_000, seed: 1)
        XCTAssertEqual(again.overall.difference, o.difference)
    }

    func testComparisonNeedsSharedItemsAndRejectsStrangers() throws {
        let data = try dataset()
        let (first, _) = runs(data)
        let stranger = RunScores(name: "z", scored: [ScoredItem(itemID: "nope", outcome: .empty, rule: nil, extractorVersion: "1")])
        XCTAssertThrowsError(try RunReport(run: stranger, dataset: data)) {
            XCTAssertEqual("\($0)", "z: score #0 is for item nope, not in fixture")
        }
        let partial = RunScores(name: "half", scored: Array(first.scored.prefix(4)))
        let report = try RunReport(run: partial, dataset: data)
        XCTAssertEqual(report.missingItems, 6)
        let comparison = try ComparisonReport(first: first, second: partial, dataset: data, resamples: 100, seed: 3)
        XCTAssertEqual(comparison.overall.itemCount, 4)
        XCTAssertEqual(comparison.unpairedItems, 6)
    }

    // MARK: Writers

    func testMarkdownCSVAndJSON() throws {
        let data = try dataset()
        let (first, second) = runs(data)
        let reports = [try RunReport(run: first, dataset: data, tag: "subject"), try RunReport(run: second, dataset: data)]
        let markdown = ExamReportWriter.markdown(runs: reports)
        XCTAssertTrue(markdown.contains("| all | 10 | 70.0% | [39.7%, 89.2%] | 87.5% | 2 (20.0%) | 0 | 40.0% (A) | 25.0% |"), markdown)
        XCTAssertFalse(markdown.contains("Secret stem"))

        let csv = ExamReportWriter.csv(runs: reports)
        let (records, error) = CSVReader.read(csv)
        XCTAssertNil(error)
        XCTAssertEqual(records.count, 1 + 3 + 1)  // header, model-x all + 2 subjects, model-y all
        XCTAssertEqual(records[0].fields, ExamReportWriter.runColumns)
        XCTAssertTrue(records.dropFirst().allSatisfy { $0.fields.count == ExamReportWriter.runColumns.count })
        XCTAssertEqual(records[1].fields[5], "0.7")

        let comparison = try ComparisonReport(first: first, second: second, dataset: data, tag: "subject", resamples: 500, seed: 9)
        let table = ExamReportWriter.markdown(comparison: comparison)
        XCTAssertTrue(table.contains("| all | 10 | 70.0% | 40.0% | +30.0 pp |"), table)
        XCTAssertTrue(table.contains("| 0.375 |"), table)
        XCTAssertEqual(CSVReader.read(ExamReportWriter.csv(comparison: comparison)).records.count, 4)

        let json = ExamReportWriter.json(run: reports[0])
        XCTAssertEqual(try JSONValue(parsing: json.canonicalText), json)
        XCTAssertEqual(json["overall"]?["accuracy"], 0.7)
        XCTAssertEqual(json["byTag"]?[1]?["correct"], 2)
        let comparisonJSON = ExamReportWriter.json(comparison: comparison)
        XCTAssertEqual(comparisonJSON["overall"]?["mcnemar"]?["onlyFirstCorrect"], 4)
        XCTAssertEqual(try XCTUnwrap(comparisonJSON["byTag"]?[0]?["holmP"]?.numberValue), 0.5, accuracy: 1e-12)
    }

    func testItemTableRedactsTextUnlessOverridden() throws {
        let open = try dataset()
        let (first, _) = runs(open)
        let plain = try ItemTable.csv(run: first, dataset: open, tags: ["subject"], text: .init(includeText: true))
        XCTAssertTrue(plain.contains("Secret stem 7"))
        XCTAssertTrue(plain.contains("q7,model-x,physiology,D,,unparseable,,1,Secret stem 7,A or B"), plain)

        let redacted = try dataset(redact: true)
        let hidden = try ItemTable.csv(run: first, dataset: redacted, text: .init(includeText: true))
        XCTAssertFalse(hidden.contains("Secret stem"))
        XCTAssertFalse(hidden.contains("A or B"))
        XCTAssertTrue(hidden.hasPrefix("item,run,key,predicted,outcome,rule,extractor\n"))
        let overridden = try ItemTable.csv(run: first, dataset: redacted, text: .init(includeText: true, overrideRedaction: true))
        XCTAssertTrue(overridden.contains("Secret stem 0"))
    }

    // MARK: SVG

    func testBarChartIsWellFormedAndHeightsFollowValues() throws {
        let data = try dataset()
        let (first, _) = runs(data)
        let report = try RunReport(run: first, dataset: data, tag: "subject")
        let chart = SVGBarChart(report: report)
        let svg = try SVGElements(chart.svg)
        XCTAssertEqual(svg.root, "svg")
        let bars = svg.elements.filter { $0.name == "rect" && $0.attributes["class"] == "bar" }
        XCTAssertEqual(bars.map { $0.attributes["data-label"] }, ["all", "anatomy", "physiology"])
        for (bar, expected) in zip(bars, [0.7, 1.0, 0.4]) {
            let height = try XCTUnwrap(Double(bar.attributes["height"] ?? ""))
            let y = try XCTUnwrap(Double(bar.attributes["y"] ?? ""))
            XCTAssertEqual(height, expected * chart.plotHeight, accuracy: 0.01)
            XCTAssertEqual(y + height, 40 + chart.plotHeight, accuracy: 0.01)  // bars stand on the axis
        }
        XCTAssertEqual(svg.elements.filter { $0.attributes["class"] == "ci" }.count, 3)
        let references = svg.elements.filter { $0.attributes["class"] == "reference" }
        XCTAssertEqual(references.compactMap { $0.attributes["data-value"].flatMap(Double.init) }, [0.4, 0.25])

        // Labels with markup characters are escaped, not injected.
        let hostile = SVGBarChart(title: "<script>&", bars: [.init(label: "a<b>\"c\"", value: 0.5)]).svg
        let parsed = try SVGElements(hostile)
        XCTAssertFalse(parsed.elements.contains { $0.name == "script" })
        XCTAssertEqual(parsed.elements.first { $0.name == "rect" && $0.attributes["class"] == "bar" }?.attributes["data-label"], "a<b>\"c\"")
    }

    func testCalibrationPlotPointsSitAtBinValues() throws {
        let report = try CalibrationReport(confidences: [0.95, 0.9, 0.55, 0.3], correct: [true, true, false, true], binCount: 5)
        let plot = SVGCalibrationPlot(title: "model-x", report: report)
        let svg = try SVGElements(plot.svg)
        let circles = svg.elements.filter { $0.name == "circle" }
        XCTAssertEqual(circles.count, report.bins.filter { $0.count > 0 }.count)
        for circle in circles {
            let confidence = try XCTUnwrap(Double(circle.attributes["data-confidence"] ?? ""))
            let accuracy = try XCTUnwrap(Double(circle.attributes["data-accuracy"] ?? ""))
            let cx = try XCTUnwrap(Double(circle.attributes["cx"] ?? "")), cy = try XCTUnwrap(Double(circle.attributes["cy"] ?? ""))
            XCTAssertEqual(cx, 50 + confidence * plot.size, accuracy: 0.01)
            XCTAssertEqual(cy, 40 + (1 - accuracy) * plot.size, accuracy: 0.01)
        }
        XCTAssertEqual(svg.elements.filter { $0.name == "polyline" }.count, 1)
    }

    // MARK: HTML

    func testHTMLPageIsWellFormedAndHoldsEveryPart() throws {
        let data = try dataset(redact: true)
        let (first, second) = runs(data)
        let reports = [try RunReport(run: first, dataset: data, tag: "subject"), try RunReport(run: second, dataset: data)]
        let comparison = try ComparisonReport(first: first, second: second, dataset: data, tag: "subject", resamples: 200, seed: 5)
        let p = try LetterProbabilities(logProbabilities: ["A": -0.2, "B": -2, "C": -3, "D": -3], labels: ["A", "B", "C", "D"])
        let calibration = try CalibrationSummary([(p, key: "A"), (p, key: "B")])
        let html = ExamHTMLReport.render(title: "Fixture <run>", runs: reports, comparisons: [comparison],
                                         calibrations: [(run: "model-x", report: calibration)])
        let parsed = try SVGElements(html)
        XCTAssertEqual(parsed.root, "html")
        XCTAssertEqual(parsed.elements.filter { $0.name == "svg" }.count, 3)  // two bar charts, one calibration plot
        XCTAssertEqual(parsed.elements.filter { $0.name == "table" }.count, 3)
        XCTAssertFalse(parsed.elements.contains { $0.name == "script" })
        XCTAssertFalse(html.contains("Secret stem"))
        XCTAssertTrue(html.contains("Fixture &lt;run&gt;"))
    }
}

/// Every element of an XML document with its attributes, read by Foundation's XMLParser; throws
/// when the document is not well-formed.
struct SVGElements {
    struct Element {
        let name: String
        let attributes: [String: String]
    }

    let root: String
    let elements: [Element]

    init(_ text: String) throws {
        final class Collector: NSObject, XMLParserDelegate {
            var elements: [Element] = []
            func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                        attributes: [String: String]) {
                elements.append(Element(name: name, attributes: attributes))
            }
        }
        let parser = XMLParser(data: Data(text.utf8))
        let collector = Collector()
        parser.delegate = collector
        guard parser.parse(), let first = collector.elements.first else {
            throw DatasetError(file: "svg", reason: "not well-formed XML: \(parser.parserError.map { "\($0)" } ?? "no elements")")
        }
        root = first.name
        elements = collector.elements
    }
}
