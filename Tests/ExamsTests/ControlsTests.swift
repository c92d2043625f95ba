import Scoring
import XCTest
@testable import Exams

final class ControlsTests: XCTestCase {
    func mcq(_ id: String, key: String, count: Int = 4) throws -> ExamItem {
        try ExamItem(id: id, stem: "Q \(id)?", format: .multipleChoice,
                     options: (0..<count).map { ExamOption(label: OptionLetters.all[$0], text: "text \($0) of \(id)") }, key: key)
    }

    // MARK: Shuffling

    func testShuffleKeepsTheKeyOnItsTextAndCanBeUndone() throws {
        let items = try TestData.subsets.load("medqa-usmle-4opt").dataset.items
        let shuffle = OptionShuffle(seed: 2023)
        var keyPositions: [String: Int] = [:]
        var moved = 0
        for item in items {
            let shuffled = shuffle.apply(to: item)
            let key = try XCTUnwrap(shuffled.shown.key)
            XCTAssertEqual(shuffled.shown.option(key)?.text, item.option(item.key ?? "")?.text, item.id)
            XCTAssertEqual(shuffled.originalLabel(key), item.key)
            XCTAssertEqual(Set(shuffled.shown.options.map(\.text)), Set(item.options.map(\.text)))
            XCTAssertEqual(shuffled.shown.labels, item.labels)
            keyPositions[key, default: 0] += 1
            if shuffled.shown.options != item.options { moved += 1 }
            // Undoing: an answer naming the shown key is the original key, still correct.
            let scored = AnswerExtractor().score(.text("Answer: \(key)"), for: shuffled.shown)
            XCTAssertEqual(shuffled.unshuffled(scored).outcome, .correct(label: item.key ?? ""))
        }
        // 50 items, 24 orders each: all staying put (p = 24^-50) would mean no shuffle at all.
        XCTAssertGreaterThan(moved, 40)
        XCTAssertEqual(keyPositions.count, 4)
    }

    func testShuffleDependsOnSeedAndIdOnly() throws {
        let a = try mcq("x1", key: "B"), b = try mcq("x2", key: "C")
        let first = OptionShuffle(seed: 7)
        XCTAssertEqual(first.apply(to: a), OptionShuffle(seed: 7).apply(to: a))
        XCTAssertEqual([a, b].map(first.apply).last, first.apply(to: b))  // order of items does not matter
        let orders = Set((0..<20).map { OptionShuffle(seed: UInt64($0)).apply(to: a).shown.options.map(\.text) })
        XCTAssertGreaterThan(orders.count, 5)
    }

    func testYesNoMaybeIsNotShuffled() throws {
        let item = try TestData.subsets.load("pubmedqa-test").dataset.items[0]
        let shuffled = OptionShuffle(seed: 1).apply(to: item)
        XCTAssertEqual(shuffled.shown, item)
        XCTAssertEqual(shuffled.originalLabel("maybe"), "maybe")
    }

    // MARK: Histogram and baselines

    func testHistogramCountsPredictionsAgainstKeys() throws {
        let items = [try mcq("1", key: "A"), try mcq("2", key: "B"), try mcq("3", key: "B"), try mcq("4", key: "C")]
        let extractor = AnswerExtractor()
        let replies = ["A", "A", "B", "nothing useful"]
        let scored = zip(items, replies).map { extractor.score(.text($1), for: $0) }
        let histogram = LetterHistogram(scored: scored, items: items)
        XCTAssertEqual(histogram.rows.map(\.label), ["A", "B", "C", "D"])
        XCTAssertEqual(histogram.rows.map(\.predicted), [2, 1, 0, 0])
        XCTAssertEqual(histogram.rows.map(\.key), [1, 2, 1, 0])
        XCTAssertEqual(histogram.unanswered, 1)
    }

    func testBaselinesByHand() throws {
        let items = [try mcq("1", key: "A"), try mcq("2", key: "B"), try mcq("3", key: "B"), try mcq("4", key: "C", count: 3)]
        let baselines = Baselines(items: items)
        XCTAssertEqual(baselines.bestConstantLabel, "B")
        XCTAssertEqual(baselines.constantAccuracy, 0.5)
        XCTAssertEqual(try XCTUnwrap(baselines.uniformAccuracy), (0.25 * 3 + 1.0 / 3) / 4, accuracy: 1e-15)
        // A tie goes to the first label in option order.
        XCTAssertEqual(Baselines(items: [try mcq("1", key: "C"), try mcq("2", key: "A")]).bestConstantLabel, "A")
        XCTAssertNil(Baselines(items: []).uniformAccuracy)
    }

    func testBaselinesOfTheFullSetsMatchTheirReadmes() throws {
        let shared = try TestData.shared()
        let medqa = Baselines(items: try shared.load("medqa-usmle-4opt").dataset.items)
        XCTAssertEqual(medqa.bestConstantLabel, "A")
        XCTAssertEqual(try XCTUnwrap(medqa.constantAccuracy), 353.0 / 1273, accuracy: 1e-12)  // README: 27.7%
        let mmlu = Baselines(items: try shared.load("mmlu-medical-test").dataset.items)
        XCTAssertEqual(mmlu.bestConstantLabel, "D")
        XCTAssertEqual(try XCTUnwrap(mmlu.constantAccuracy), 352.0 / 1089, accuracy: 1e-12)  // README: 32.3%
        let pubmed = Baselines(items: try shared.load("pubmedqa-test").dataset.items)
        XCTAssertEqual(pubmed.bestConstantLabel, "yes")
        XCTAssertEqual(try XCTUnwrap(pubmed.uniformAccuracy), 1.0 / 3, accuracy: 1e-12)
        XCTAssertEqual(try XCTUnwrap(pubmed.constantAccuracy), 276.0 / 500, accuracy: 1e-12)
    }

    // MARK: Scoring modes (a) and (b)

    func testLetterProbabilitiesRenormalizeOverLabels() throws {
        let p = try LetterProbabilities(logProbabilities: ["A": log(0.5), "B": log(0.25), "C": log(0.125), "D": log(0.125), "E": -0.01],
                                        labels: ["A", "B", "C", "D"])
        XCTAssertEqual(p.predicted, "A")
        for (got, want) in zip(p.probabilities, [0.5, 0.25, 0.125, 0.125]) { XCTAssertEqual(got, want, accuracy: 1e-15) }
        // Raw log-probs that do not sum to 1 over the labels: A and B equal, C impossible.
        let tie = try LetterProbabilities(logProbabilities: ["A": -3, "B": -3, "C": -.infinity], labels: ["A", "B", "C"])
        XCTAssertEqual(tie.predicted, "A")
        XCTAssertEqual(tie.probabilities, [0.5, 0.5, 0])
        XCTAssertThrowsError(try LetterProbabilities(logProbabilities: ["A": -1], labels: ["A", "B"])) {
            XCTAssertEqual("\($0)", "logProbabilities: no value for label B")
        }
        XCTAssertThrowsError(try LetterProbabilities(logProbabilities: ["A": -.infinity, "B": -.infinity], labels: ["A", "B"]))
    }

    func testCalibrationSummaryByHand() throws {
        let first = try LetterProbabilities(logProbabilities: ["A": log(0.5), "B": log(0.25), "C": log(0.125), "D": log(0.125)],
                                            labels: ["A", "B", "C", "D"])
        let second = try LetterProbabilities(logProbabilities: ["A": log(0.7), "B": log(0.1), "C": log(0.1), "D": log(0.1)],
                                             labels: ["A", "B", "C", "D"])
        let summary = try CalibrationSummary([(first, key: "A"), (second, key: "B")])
        // Brier rows: 0.25 + 0.0625 + 2 * 0.015625 = 0.34375 and 0.49 + 0.81 + 0.01 + 0.01 = 1.32.
        XCTAssertEqual(summary.brierScore, (0.34375 + 1.32) / 2, accuracy: 1e-12)
        // ECE: bins (0.4, 0.5] (acc 1, conf 0.5) and (0.6, 0.7] (acc 0, conf 0.7), half the items each.
        XCTAssertEqual(summary.expectedCalibrationError, 0.5 * 0.5 + 0.5 * 0.7, accuracy: 1e-12)
        XCTAssertEqual(summary.accuracy, 0.5)
        XCTAssertThrowsError(try CalibrationSummary([(first, key: "E")]))
    }

    func testLikelihoodChoiceSumVersusNormalized() throws {
        let choice = try LikelihoodChoice([OptionLikelihood(label: "A", logLikelihood: -4, length: 2),
                                           OptionLikelihood(label: "B", logLikelihood: -3, length: 1),
                                           OptionLikelihood(label: "C", logLikelihood: -6, length: 4)])
        XCTAssertEqual(choice.predicted, "B")  // -3 is the largest sum
        XCTAssertEqual(choice.predictedNormalized, "C")  // -1.5 per unit beats -2 and -3
        let accuracy = LikelihoodAccuracy([(choice, key: "C"), (choice, key: "B"), (choice, key: "A")])
        XCTAssertEqual(accuracy.accuracy, try Proportion(successes: 1, trials: 3))
        XCTAssertEqual(accuracy.normalizedAccuracy, try Proportion(successes: 1, trials: 3))
        XCTAssertThrowsError(try LikelihoodChoice([OptionLikelihood(label: "A", logLikelihood: -1, length: 0),
                                                   OptionLikelihood(label: "B", logLikelihood: -1, length: 1)]))
        XCTAssertThrowsError(try LikelihoodChoice([OptionLikelihood(label: "A", logLikelihood: .nan, length: 1),
                                                   OptionLikelihood(label: "B", logLikelihood: -1, length: 1)]))
    }
}

final class ExamPromptTests: XCTestCase {
    func testFiveShotMMLUPromptShowsExemplarKeysButNotTheItems() throws {
        let dev = try TestData.subsets.load("mmlu-medical-dev").dataset.items(tag: "subject", value: "anatomy")
        let item = try TestData.subsets.load("mmlu-medical-test").dataset.items[0]
        let prompt = ExamPrompt.render(item, exemplars: dev, mode: .nextToken)
        XCTAssertTrue(prompt.hasPrefix("The following are multiple choice questions (with answers) about anatomy.\n\n"))
        XCTAssertEqual(prompt.components(separatedBy: "\nAnswer:").count - 1, 6)  // five exemplars and the item
        XCTAssertTrue(prompt.hasSuffix("D. paralysis of the facial muscles, loss of taste, lacrimation and decreased salivation.\nAnswer:"))
        XCTAssertTrue(prompt.contains("Answer: \(dev[0].key ?? "?")\n\n"))
        XCTAssertEqual(ExamPrompt.continuations(item).map(\.label), ["A", "B", "C", "D"])
        XCTAssertEqual(ExamPrompt.continuations(item)[0].text, " paralysis of the facial muscles.")
    }

    func testPubMedQAPromptCarriesTheAbstractAndAsksForAWord() throws {
        let item = try TestData.subsets.load("pubmedqa-test").dataset.items[0]
        let prompt = ExamPrompt.render(item, mode: .generate)
        XCTAssertTrue(prompt.hasPrefix("Answer yes, no or maybe."))
        XCTAssertTrue(prompt.contains("Context: \(item.context ?? "")\nQuestion: \(item.stem)\nAnswer:"))
        XCTAssertFalse(prompt.contains("A. "))
    }
}

final class RepeatVoteTests: XCTestCase {
    func scored(_ outcomes: [ItemOutcome], id: String = "q") -> [ScoredItem] {
        outcomes.map { ScoredItem(itemID: id, outcome: $0, rule: nil, extractorVersion: "1") }
    }

    func testMajorityOverLabelledRepliesOnly() throws {
        let vote = try RepeatVote(scored([.wrong(label: "B"), .unparseable(raw: "?"), .correct(label: "C"), .correct(label: "C")]), key: "C")
        XCTAssertEqual(vote.outcome, .correct(label: "C"))
        XCTAssertEqual(try XCTUnwrap(vote.share), 2.0 / 3, accuracy: 1e-15)
        XCTAssertEqual([vote.replies, vote.labelledReplies], [4, 3])
        XCTAssertFalse(vote.isTie)
    }

    func testTieGoesToTheLabelVotedFirstAndIsMarked() throws {
        let vote = try RepeatVote(scored([.wrong(label: "B"), .correct(label: "C")]), key: "C")
        XCTAssertEqual(vote.outcome, .wrong(label: "B"))
        XCTAssertTrue(vote.isTie)
    }

    func testNoLabelKeepsTheFailureAndMixedItemsAreRefused() throws {
        let vote = try RepeatVote(scored([.empty, .refusal(raw: "no")]), key: "A")
        XCTAssertEqual(vote.outcome, .empty)
        XCTAssertNil(vote.share)
        XCTAssertThrowsError(try RepeatVote(scored([.empty]) + scored([.empty], id: "r"), key: "A"))
        XCTAssertThrowsError(try RepeatVote([], key: "A"))
    }
}

final class ShuffledRescoringTests: XCTestCase {
    func testRescoringAShuffledRunReadsRepliesAgainstTheShownOrder() throws {
        let items = try TestData.subsets.load("mmlu-medical-test").dataset.items
        let shuffle = OptionShuffle(seed: 99)
        // A model that always answers with the text it was shown under "A".
        let replies = items.map { item -> StoredReply in
            let shown = shuffle.apply(to: item).shown
            return StoredReply(itemID: item.id, reply: .text("Answer: A (\(shown.option("A")?.text ?? ""))"))
        }
        let scored = try AnswerExtractor().rescore(replies, items: items, shuffle: shuffle)
        for (item, score) in zip(items, scored) {
            let shownA = try XCTUnwrap(shuffle.apply(to: item).shown.option("A"))
            let original = try XCTUnwrap(item.options.first { $0.text == shownA.text })
            // Reported in the original labels: the option whose text was shown as A.
            XCTAssertEqual(score.outcome.predictedLabel, original.label, item.id)
            XCTAssertEqual(score.outcome.isCorrect, original.label == item.key, item.id)
        }
        // Unshuffled, the same replies name A in the original order: a different reading.
        let plain = try AnswerExtractor().rescore(replies, items: items)
        XCTAssertNotEqual(plain.map(\.outcome.predictedLabel), scored.map(\.outcome.predictedLabel))
    }
}
