import Foundation
import Support
import XCTest
@testable import GenePrioritization
@testable import Genes

/// The GO-naming benchmark without a model: the shipped sample (Benchmarks/genes/data/benchmarks,
/// cut by make_subset.py from Hu et al.'s files), the matching rule, and the scoring of hand-written
/// answers against hand-computed numbers.
final class GONamingTests: XCTestCase {
    static let benchmarks = URL(fileURLWithPath: GeneTestPaths.data).appendingPathComponent("benchmarks")

    func testShippedSampleLoads() throws {
        let sets = try GONamingSet.load(path: Self.benchmarks.appendingPathComponent("hu2025_go_bp_1000_contaminated.sample100.csv").path)
        XCTAssertEqual(sets.count, 100)
        XCTAssertEqual(sets[0].term, "GO:0048627")
        XCTAssertEqual(sets[0].name, "myoblast development")
        XCTAssertEqual(sets[0].genes, ["MEGF10", "SDC1", "WNT10B", "SOX15"])
        XCTAssertEqual(sets[0].random.count, 4, "controls keep the set's size")
        XCTAssertTrue(sets.allSatisfy { $0.halfRandom.count == $0.genes.count && $0.random.count == $0.genes.count })
        let published = try PublishedNamingAnswer.load(path: Self.benchmarks.appendingPathComponent("hu2025_gpt4_outputs_1000_go_bp.sample100.tsv").path)
        XCTAssertEqual(Set(published.keys), Set(sets.map(\.term)))
        XCTAssertEqual(published["GO:0048627"]?.name, "Skeletal Muscle Regeneration and Differentiation")
        XCTAssertEqual(published["GO:0048627"]?.confidence, 0.85)
    }

    func testMalformedSetFileNamesLineAndColumn() throws {
        let directory = try GeneTestPaths.temporaryDirectory()
        let file = directory.appendingPathComponent("sets.csv")
        try Data("GO,Genes,Gene_Count,Term_Description,50perc_contaminated_Genes,100perc_contaminated_Genes\nGO:1,A B,2,x,A C,\n".utf8).write(to: file)
        XCTAssertThrowsError(try GONamingSet.load(path: file.path)) { error in
            XCTAssertEqual("\(error)", "\(file.path):2:6: gene list is empty")
        }
        try Data("GO,Genes,Term_Description\n".utf8).write(to: file)
        XCTAssertThrowsError(try GONamingSet.load(path: file.path)) { error in
            XCTAssertTrue("\(error)".contains(":1: missing column \"50perc_contaminated_Genes\""), "\(error)")
        }
    }

    func testMatchingRule() {
        XCTAssertEqual(NameOverlap.dice("Heme biosynthesis", "heme biosynthetic process"), 1)
        // {erythrocyte, development, heme, biosynthetic} against {erythrocyte, development}: 4 / 6.
        XCTAssertEqual(NameOverlap.dice("Erythrocyte Development and Heme Synthesis", "erythrocyte development"), 2.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(NameOverlap.dice("Monosaccharide Transport System", "glucose import across plasma membrane"), 0)
        XCTAssertTrue(NameOverlap.names("Myoblast development and fusion", term: "myoblast development"))
        XCTAssertFalse(NameOverlap.names("Cell signaling, development, growth, adhesion and myoblast fusion", term: "myoblast development"),
                       "a long list holding the words: 2 x 2 / (2 + 7) = 0.44")
    }

    func testScoringByHand() throws {
        let sets = [GONamingSet(term: "GO:A", name: "heme biosynthetic process", genes: ["A"], halfRandom: ["A"], random: ["A"]),
                    GONamingSet(term: "GO:B", name: "myoblast development", genes: ["B"], halfRandom: ["B"], random: ["B"])]
        func themes(_ coherent: Bool, _ list: [(String, Double)]) -> JSONValue {
            .object(["coherent": .bool(coherent), "themes": .array(list.map { .object(["name": .string($0.0), "genes": [], "confidence": .number($0.1)]) })])
        }
        let failure: JSONValue = .object(["$failure": .object(["step": "themes", "item": "4", "kind": "invalid_answer", "reason": "bad JSON"])])
        let answers: [[JSONValue]] = [
            [themes(true, [("Heme biosynthesis", 0.9), ("Iron transport", 0.6)]), themes(true, [("X", 0.4)]), themes(false, [])],
            [themes(true, [("Muscle cell differentiation", 0.7), ("Myoblast development and fusion", 0.6)]), failure,
             themes(true, [("Signal transduction", 0.8)])],
        ]
        let published = ["GO:A": PublishedNamingAnswer(term: "GO:A", name: "Heme Biosynthesis System", confidence: 0.95, bin: "High Confidence"),
                         "GO:B": PublishedNamingAnswer(term: "GO:B", name: "System of unrelated proteins", confidence: 0, bin: "Name not assigned")]
        let result = try GONamingResult(sets: sets, answers: answers, published: published)
        XCTAssertEqual(result.named.description, "1/2", "B's top theme shares no word with its term")
        XCTAssertEqual(result.namedByAnyTheme.description, "2/2", "B's second theme names it (Dice 0.8)")
        XCTAssertEqual(result.meanTopOverlap, 0.5)
        let real = result.variants[0], half = result.variants[1], random = result.variants[2]
        XCTAssertEqual(real.meanConfidence ?? .nan, 0.8, accuracy: 1e-12)
        XCTAssertEqual(real.lowConfidence.description, "0/2")
        XCTAssertEqual(half.answered, 1)
        XCTAssertEqual(half.failed, 1)
        XCTAssertEqual(half.lowConfidence.description, "1/1")
        XCTAssertEqual(random.meanConfidence ?? .nan, 0.4, accuracy: 1e-12, "no coherent theme counts as confidence 0")
        XCTAssertEqual(random.lowConfidence.description, "1/2")
        // Real (0.9, 0.7) against random (0, 0.8): 3 of 4 pairs ordered right.
        XCTAssertEqual(result.realVersusRandomAUROC, 0.75)
        XCTAssertEqual(result.publishedNamed.description, "1/2")
        XCTAssertEqual(result.publishedNotAssigned, 1)
        XCTAssertEqual(result.publishedMeanConfidence ?? .nan, 0.475, accuracy: 1e-12)
        let markdown = result.markdown(model: "m", runID: "r")
        XCTAssertTrue(markdown.contains("| real sets named by the top theme | 1/2 (0.50, 95% CI"), markdown)
        XCTAssertTrue(markdown.contains("| half_random | 1 | 1 | 0.40 | 1/1 (1"), markdown)
        XCTAssertEqual(result.jsonValue["sets"]?[1]?["half_random"]?["failed"], "bad JSON")
        XCTAssertThrowsError(try GONamingResult(sets: sets, answers: [answers[0]], published: [:]))
        // A real set answered with no theme was not named: it counts, as a miss.
        let silent = try GONamingResult(sets: [sets[0]], answers: [[themes(true, []), themes(false, []), themes(false, [])]], published: [:])
        XCTAssertEqual(silent.named.description, "0/1")
        XCTAssertEqual(silent.items[0].topOverlap, 0)
    }
}
