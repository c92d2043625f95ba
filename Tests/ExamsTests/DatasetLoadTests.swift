import Support
import XCTest
@testable import Exams

final class DatasetLoadTests: XCTestCase {
    // MARK: Shipped subsets

    func testMedQASubsetLoadsFiftyItemsWithKeysAndSteps() throws {
        let load = try TestData.subsets.load("medqa-usmle-4opt")
        XCTAssertEqual(load.problems, [])
        XCTAssertEqual(load.dataset.items.count, 50)
        let first = load.dataset.items[0]
        XCTAssertEqual(first.id, "medqa-1")
        XCTAssertEqual(first.labels, ["A", "B", "C", "D"])
        XCTAssertEqual(first.key, "B")  // answer_idx of line 1 ("Tell the attending ...")
        XCTAssertEqual(first.option("B")?.text, "Tell the attending that he cannot fail to disclose this mistake")
        XCTAssertEqual(first.tags["step"], "step1")
        let source = load.dataset.sources[0]
        XCTAssertEqual(source.sha256, ContentHash.of(try Data(contentsOf: URL(fileURLWithPath: source.path))))
    }

    func testMedMCQACopOneIsA() throws {
        let load = try TestData.subsets.load("medmcqa-dev")
        XCTAssertEqual(load.problems, [])
        XCTAssertEqual(load.dataset.items.count, 50)
        let first = load.dataset.items[0]
        XCTAssertEqual(first.id, "45258d3d-b974-44dd-a161-c3fccbdadd88")
        XCTAssertEqual(first.key, "A")  // cop 1: "Impulse through myelinated fibers is slower ..."
        XCTAssertTrue(first.flags.contains("multi"))
        XCTAssertEqual(first.tags["subject"], "Physiology")
        XCTAssertNil(first.tags["topic"])  // topic_name is null there
    }

    func testMMLUSubsetTagsSubjectsAndKeepsDevApart() throws {
        let test = try TestData.subsets.load("mmlu-medical-test")
        XCTAssertEqual(test.problems, [])
        XCTAssertEqual(test.dataset.items.count, 60)  // ten per subject
        XCTAssertEqual(Set(test.dataset.items.compactMap { $0.tags["subject"] }), Set(MMLUAdapter.medicalSubjects))
        XCTAssertEqual(test.dataset.sources.count, 6)
        let anatomy = test.dataset.items[0]
        XCTAssertEqual(anatomy.id, "mmlu-anatomy-test-1")
        XCTAssertEqual(anatomy.key, "A")
        XCTAssertEqual(anatomy.option("C")?.text, "paralysis of the facial muscles, loss of taste and lacrimation.")
        let dev = try TestData.subsets.load("mmlu-medical-dev")
        XCTAssertEqual(dev.dataset.items.count, 30)
        XCTAssertTrue(dev.dataset.items.allSatisfy { $0.tags["split"] == "dev" })
    }

    func testPubMedQATestSplitHasContextsAndGroundTruth() throws {
        let all = try TestData.subsets.load("pubmedqa-all")
        XCTAssertEqual(all.problems, [])
        XCTAssertEqual(all.dataset.items.count, 50)
        let test = try TestData.subsets.load("pubmedqa-test")
        XCTAssertEqual(test.dataset.items.count, 23)  // PMIDs of the first 50 that are in the official test split
        let item = try XCTUnwrap(all.dataset.items.first { $0.id == "21645374" })
        XCTAssertEqual(item.format, .yesNoMaybe)
        XCTAssertEqual(item.labels, ["yes", "no", "maybe"])
        XCTAssertEqual(item.key, "yes")
        XCTAssertTrue(item.context?.hasPrefix("Programmed cell death (PCD)") ?? false)
        XCTAssertEqual(all.dataset.sources.count, 2)
    }

    func testRadOncHasFiftyOpenEndedItemsWithTwoRatings() throws {
        let load = try TestData.subsets.load("radonc-realworld-50")
        XCTAssertEqual(load.problems, [])
        XCTAssertEqual(load.dataset.items.count, 50)
        let first = load.dataset.items[0]
        XCTAssertEqual(first.format, .openEnded)
        XCTAssertNil(first.key)
        XCTAssertEqual(first.tags["domain"], "Prostate")
        XCTAssertEqual(first.annotations["rating.questioner"], "4")
        XCTAssertEqual(first.annotations["rating.second"], "4")
        XCTAssertEqual(first.annotations["difficulty"], "2.33")
        XCTAssertEqual(load.dataset.items.filter { $0.annotations["rating.questioner"] == nil }.count, 0)
    }

    // MARK: Full shared copies (skipped where absent)

    func testFullSetsHaveTheCountsTheirReadmesState() throws {
        let shared = try TestData.shared()
        let expected = ["pubmedqa-test": 500, "pubmedqa-all": 1_000, "medqa-usmle-4opt": 1_273, "medmcqa-dev": 4_183,
                        "mmlu-medical-test": 1_089, "mmlu-medical-dev": 30, "radonc-realworld-50": 50]
        for (name, count) in expected {
            let load = try shared.load(name)
            XCTAssertEqual(load.problems, [], name)
            XCTAssertEqual(load.dataset.items.count, count, name)
        }
        let medqa = try shared.load("medqa-usmle-4opt").dataset
        XCTAssertEqual(medqa.sources[0].sha256.hex, "c3b905ccfa66152dc25afbcb2c10e86c0bdb208824f0658fcdb2c040f60a2beb")
        // Key distributions from the READMEs: the constant-letter baselines rest on them.
        let keys = Dictionary(grouping: medqa.items.compactMap(\.key), by: { $0 }).mapValues(\.count)
        XCTAssertEqual(keys, ["A": 353, "B": 309, "C": 346, "D": 265])
        let medmcqa = try shared.load("medmcqa-dev").dataset
        XCTAssertEqual(medmcqa.sources[0].sha256.hex, "a2b5f53890f4e742b728378fb847bc5338088d48ea01218676379f587270af31")
        let medmcqaKeys = Dictionary(grouping: medmcqa.items.compactMap(\.key), by: { $0 }).mapValues(\.count)
        XCTAssertEqual(medmcqaKeys, ["A": 1_348, "B": 1_085, "C": 925, "D": 825])
        XCTAssertEqual(medmcqa.items.filter { $0.flags.contains("multi") }.count, 1_367)
        let pubmed = try shared.load("pubmedqa-test").dataset
        XCTAssertEqual(pubmed.sources.map(\.sha256.hex), ["8b3276be8942ebbd77f3ddcda12c1749bf0e490045a736fd8438ee40cf37a41d",
                                                          "939fe566f09017d13b1ca64d2ddfee0bc2374b366048152997669cccedc44d51"])
        let labels = Dictionary(grouping: pubmed.items.compactMap(\.key), by: { $0 }).mapValues(\.count)
        XCTAssertEqual(labels, ["yes": 276, "no": 169, "maybe": 55])
    }

    // MARK: Bad input: each a clear message, the rest still loads

    func testMalformedJSONLinesAreReportedAndTheRestLoads() throws {
        let lines = [
            #"{"id": "q1", "question": "Which dose?", "options": {"A": "10 Gy", "B": "20 Gy"}, "answer": "B"}"#,
            #"{"id": "q2", "question": "No key here", "options": {"A": "x", "B": "y"}}"#,
            #"{"id": "q1", "question": "Duplicate", "options": {"A": "x", "B": "y"}, "answer": "A"}"#,
            #"{"id": "q3", "question": "Key not an option", "options": {"A": "x", "B": "y"}, "answer": "E"}"#,
            #"{"id": "q4", "question": "Truncated", "options": {"A": "x", "#,
            "",
            #"{"id": "q5", "question": "Fine", "options": {"A": "x", "B": "y", "C": "z"}, "answer": "C", "tags": {"subject": "physics"}, "flags": ["image"]}"#,
        ]
        let path = try TestData.write(lines.joined(separator: "\n"), name: "own.jsonl", in: self)
        let load = try GenericAdapter.loadJSONL(path: path, name: "txit-copy", redactText: true)
        XCTAssertEqual(load.dataset.items.map(\.id), ["q1", "q5"])
        XCTAssertTrue(load.dataset.redactText)
        XCTAssertEqual(load.dataset.items[1].tags, ["subject": "physics"])
        XCTAssertEqual(load.dataset.items[1].flags, ["image"])
        let described = load.problems.map(\.description)
        XCTAssertEqual(described.count, 4)
        XCTAssertEqual(described[0], "own.jsonl:2 (item q2): missing answer")
        XCTAssertEqual(described[1], "own.jsonl:3 (item q1): duplicate id (first at line 1); this copy is left out")
        XCTAssertEqual(described[2], "own.jsonl:4 (item q3): answer: key E is not among the options A, B")
        XCTAssertTrue(described[3].hasPrefix("own.jsonl:5: line: not valid JSON at column"), described[3])
    }

    func testGenericCSVWithTagsAndAQuotedMultiLineStem() throws {
        let text = "id,question,A,B,C,D,answer,tag:domain,flags\n"
            + "t1,\"A stem with a comma, and\na second line\",one,two,three,four,C,physics,image|recall\n"
            + "t2,Two options only,yes-ish,no-ish,,,A,biology,\n"
            + "t3,Bad key,x,y,z,w,F,biology,\n"
            + "t4,Too few fields,x,y\n"
        let path = try TestData.write(text, name: "own.csv", in: self)
        let load = try GenericAdapter.loadCSV(path: path, name: "own", redactText: false)
        XCTAssertEqual(load.dataset.items.map(\.id), ["t1", "t2"])
        XCTAssertEqual(load.dataset.items[0].stem, "A stem with a comma, and\na second line")
        XCTAssertEqual(load.dataset.items[0].flags, ["image", "recall"])
        XCTAssertEqual(load.dataset.items[1].labels, ["A", "B"])
        XCTAssertEqual(load.problems.map(\.line), [5, 6])  // t1 spans lines 2-3, so t3 starts on line 5
        XCTAssertEqual(load.problems[0].reason, "answer: key F is not among the options A, B, C, D")
    }

    func testUnterminatedQuoteKeepsEarlierRecords() {
        let (records, error) = CSVReader.read("a,b\nc,\"d\ne,f\n")
        XCTAssertEqual(records.map(\.fields), [["a", "b"]])
        XCTAssertEqual(error?.line, 2)
    }

    func testMissingFileNamesThePath() {
        XCTAssertThrowsError(try MedQAAdapter.load(path: "/nonexistent/medqa.jsonl")) { error in
            XCTAssertEqual("\(error)", "/nonexistent/medqa.jsonl: cannot be read (missing or not a file)")
        }
    }

    func testPubMedQALabelDisagreementIsAProblem() throws {
        let contexts = #"{"1": {"QUESTION": "Q?", "CONTEXTS": ["c"], "final_decision": "no"}, "2": {"QUESTION": "R?", "CONTEXTS": ["d"], "final_decision": "yes"}}"#
        let a = try TestData.write(contexts, name: "pqal.json", in: self)
        let b = try TestData.write(#"{"1": "yes", "2": "yes", "3": "no"}"#, name: "truth.json", in: self)
        let load = try PubMedQAAdapter.load(contexts: a, testGroundTruth: b)
        XCTAssertEqual(load.dataset.items.map(\.id), ["2"])
        XCTAssertEqual(Set(load.problems.map(\.reason)), ["truth.json lists a PMID with no item",
                                                          "final_decision: no disagrees with the test ground truth yes"])
    }
}

final class RatingAgreementTests: XCTestCase {
    /// Reference: the 50 rows of questions_answers_evaluations.csv counted with Python's csv
    /// module; the quadratic-weighted kappa from its confusion matrix by hand (Cohen 1968); the
    /// ordinal alpha from the coincidence matrix by hand (Krippendorff 2011), in plain Python.
    func testTheTwoExpertsOfTheRadiationOncologySet() throws {
        let dataset = try TestData.subsets.load("radonc-realworld-50").dataset
        let agreement = try RatingAgreement(expertsOf: dataset)
        XCTAssertEqual(agreement.itemCount, 50)
        XCTAssertEqual(agreement.exactAgreements, 16)
        XCTAssertEqual(agreement.meanRatings[0], 3.38, accuracy: 1e-12)
        XCTAssertEqual(agreement.meanRatings[1], 3.3, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(agreement.weightedKappa), 0.31389365351629495, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(agreement.ordinalAlpha), 0.3480380954897001, accuracy: 1e-12)
    }

    func testAJudgeAddedAsAThirdRater() throws {
        let experts = [[4, 3, 5, 2], [4, 2, 5, 3]]
        let withJudge = try RatingAgreement(raters: ["a", "b", "judge"], ratings: experts + [[4, 3, 5, 1]])
        XCTAssertNil(withJudge.weightedKappa)  // kappa is for two raters
        XCTAssertEqual(withJudge.exactAgreements, 2)
        XCTAssertThrowsError(try RatingAgreement(raters: ["a", "b"], ratings: [[1, 2], [3, 6]])) {
            XCTAssertEqual("\($0)", "ratings[1][1]: expected 1...5, found 6")
        }
        XCTAssertThrowsError(try RatingAgreement(raters: ["a"], ratings: [[1]]))
    }
}

final class GenericJSONTests: XCTestCase {
    func testJSONArrayNamesBadItemsByPosition() throws {
        let text = #"[{"id": 1, "question": "Q1", "options": {"A": "x", "B": "y"}, "answer": "A"}, {"id": "2", "question": "Q2", "options": ["x"], "answer": "A"}, {"id": "3", "question": "Open?"}]"#
        let path = try TestData.write(text, name: "set.json", in: self)
        let load = try GenericAdapter.load(path: path, name: "own", redactText: false)
        XCTAssertEqual(load.dataset.items.map(\.id), ["1", "3"])  // a numeric id is read as text
        XCTAssertEqual(load.dataset.items[1].format, .openEnded)
        XCTAssertEqual(load.problems.map(\.description), ["set.json (item 2): item #1: options: expected an object {label: text}, found array"])
        XCTAssertEqual(load.dataset.format, GenericAdapter.jsonFormat)
        XCTAssertThrowsError(try GenericAdapter.load(path: try TestData.write("[", name: "bad.json", in: self), name: "b", redactText: false)) {
            XCTAssertTrue("\($0)".contains("bad.json: invalid JSON at line 1"), "\($0)")
        }
        XCTAssertThrowsError(try GenericAdapter.load(path: "/tmp/set.xlsx", name: "x", redactText: false))
    }
}
