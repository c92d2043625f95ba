import Exams
import Foundation
@testable import ExamRunner
@testable import Inference
import TestSupport
import XCTest

/// Modes (a) and (b) on the real SmolLM2 over real items of the committed subsets (Benchmarks/exams,
/// cut by Benchmarks/exams/make_subsets.py): MMLU medical test items with dev exemplars of their
/// subject, and PubMedQA, whose labels are the words yes, no and maybe.
final class LocalExamScorerTests: XCTestCase {
    static let subsets = ExamRegistry(
        root: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/Benchmarks/exams",
        layout: .subset)
    /// Recomputations run in the scorer's micro-batch size, where no number depends on how a sequence
    /// is split into passes (ContinuationScorerTests.vectorPathBatch), so they must agree bit for bit.
    static let batch = LocalExamScorer.defaultBatchCapacity

    private func scorer(contextLength: Int? = 1024) throws -> LocalExamScorer {
        LocalExamScorer(model: try LocalModel(path: try TestModels.path(TestModels.smollm2)), threads: 2,
                        contextLength: contextLength)
    }

    /// The first item of the first three subjects, each with two dev exemplars of its subject.
    private func mmluItems() throws -> [(item: ExamItem, exemplars: [ExamItem])] {
        let test = try Self.subsets.load("mmlu-medical-test").dataset.items
        let dev = try Self.subsets.load("mmlu-medical-dev").dataset.items
        return MMLUAdapter.medicalSubjects.prefix(3).compactMap { subject in
            guard let item = test.first(where: { $0.tags["subject"] == subject }) else { return nil }
            return (item, Array(dev.filter { $0.tags["subject"] == subject }.prefix(2)))
        }
    }

    private func pubMedQAItem() throws -> ExamItem {
        try XCTUnwrap(try Self.subsets.load("pubmedqa-test").dataset.items.first)
    }

    // MARK: Mode (a)

    func testOptionLikelihoodsAreWellFormedDeterministicAndArgmaxOfRecomputedSums() throws {
        let scorer = try scorer()
        let items = try mmluItems()
        XCTAssertEqual(items.count, 3)
        for (item, exemplars) in items {
            let scores = try scorer.optionLikelihoods(for: item, exemplars: exemplars)
            XCTAssertEqual(scores.map(\.label), item.labels)
            for (score, option) in zip(scores, item.options) {
                XCTAssertTrue(score.logLikelihood.isFinite && score.logLikelihood < 0, "\(item.id) \(score)")
                XCTAssertEqual(score.length, (" " + option.text).utf8.count)
            }
            XCTAssertEqual(try scorer.optionLikelihoods(for: item, exemplars: exemplars), scores, "same numbers on a second call")

            // Recompute each option's sum from one full pass over prompt + option in a fresh session.
            let prompt = ExamPrompt.render(item, exemplars: exemplars, mode: .likelihood)
            let recomputed = try ExamPrompt.continuations(item).map { continuation -> Double in
                let pair = try scorer.model.tokenizer.scoringTokens(context: prompt, continuation: continuation.text)
                return try Self.fullPassLogLikelihood(scorer.model, context: pair.context, continuation: pair.continuation)
            }
            XCTAssertEqual(scores.map(\.logLikelihood), recomputed, item.id)
            let choice = try LikelihoodChoice(scores)
            let best = recomputed.indices.max { recomputed[$0] < recomputed[$1] } ?? 0
            XCTAssertEqual(choice.predicted, item.labels[best], item.id)
        }
    }

    // MARK: Mode (b)

    func testLetterLogProbabilitiesAreTheNextTokenMassOfBothSpellings() throws {
        let scorer = try scorer()
        let tokenizer = scorer.model.tokenizer
        for (item, exemplars) in try mmluItems() {
            let logProbabilities = try scorer.letterLogProbabilities(for: item, exemplars: exemplars)
            XCTAssertEqual(Set(logProbabilities.keys), Set(item.labels))
            XCTAssertTrue(logProbabilities.values.allSatisfy { $0.isFinite && $0 < 0 })
            // Disjoint events of one distribution: their mass is at most 1.
            XCTAssertLessThanOrEqual(logProbabilities.values.reduce(0) { $0 + exp($1) }, 1 + 1e-9)
            XCTAssertEqual(try scorer.letterLogProbabilities(for: item, exemplars: exemplars), logProbabilities)

            // By hand: the next-token distribution after the prompt, " A" and "A" each one token.
            let prompt = tokenizer.encodeForScoring(ExamPrompt.render(item, exemplars: exemplars, mode: .nextToken))
            let session = InferenceSession(model: scorer.model.model, contextLength: 1024, threads: 2, batchCapacity: Self.batch)
            let distribution = LogSoftmax(logits: try session.evaluate(prompt))
            for label in item.labels {
                let spaced = tokenizer.encode(" " + label, addBOS: false), bare = tokenizer.encode(label, addBOS: false)
                XCTAssertEqual(spaced.count, 1)
                XCTAssertEqual(bare.count, 1)
                let expected = log(exp(distribution.logProbability(spaced[0])) + exp(distribution.logProbability(bare[0])))
                XCTAssertEqual(try XCTUnwrap(logProbabilities[label]), expected, accuracy: 1e-9, "\(item.id) \(label)")
            }
            let letters = try LetterProbabilities(logProbabilities: logProbabilities, labels: item.labels)
            XCTAssertEqual(letters.probabilities.reduce(0, +), 1, accuracy: 1e-12)
        }
    }

    func testPubMedQALabelsAreScoredAsWords() throws {
        let scorer = try scorer()
        let item = try pubMedQAItem()
        XCTAssertEqual(item.format, .yesNoMaybe)
        let logProbabilities = try scorer.letterLogProbabilities(for: item, exemplars: [])
        XCTAssertEqual(Set(logProbabilities.keys), ["yes", "no", "maybe"])
        XCTAssertTrue(logProbabilities.values.allSatisfy { $0.isFinite && $0 < 0 })
        XCTAssertLessThanOrEqual(logProbabilities.values.reduce(0) { $0 + exp($1) }, 1 + 1e-9)
        // Mode (a) scores the same words as continuations of the likelihood prompt.
        let likelihoods = try scorer.optionLikelihoods(for: item, exemplars: [])
        XCTAssertEqual(likelihoods.map(\.label), ["yes", "no", "maybe"])
        XCTAssertEqual(likelihoods.map(\.length), [4, 3, 6])
    }

    // MARK: Refusals and concurrency

    func testItemLongerThanTheContextIsANamedError() throws {
        let scorer = try scorer(contextLength: 64)
        let item = try pubMedQAItem()
        for mode in [ExamPrompt.Mode.likelihood, .nextToken] {
            XCTAssertThrowsError(mode == .likelihood ? try scorer.optionLikelihoods(for: item, exemplars: []).count
                                                     : try scorer.letterLogProbabilities(for: item, exemplars: []).count) { error in
                let failure = error as? LocalExamScorerError
                XCTAssertEqual(failure?.itemID, item.id)
                XCTAssertEqual(failure?.mode, mode)
                XCTAssertTrue("\(error)".contains("the context holds 64"), "\(error)")
            }
        }
        let open = try ExamItem(id: "open-1", stem: "Plan the treatment.", format: .openEnded, options: [], key: nil)
        XCTAssertThrowsError(try scorer.optionLikelihoods(for: open, exemplars: [])) { error in
            XCTAssertEqual((error as? LocalExamScorerError)?.itemID, "open-1")
        }
    }

    func testConcurrentCallersGetTheSerialResults() throws {
        let scorer = try scorer()
        let items = try mmluItems()
        let serial = try items.map { try scorer.letterLogProbabilities(for: $0.item, exemplars: $0.exemplars) }
        let results = Locked<[Int: [String: Double]]>([:])
        DispatchQueue.concurrentPerform(iterations: items.count) { i in
            let value = try? scorer.letterLogProbabilities(for: items[i].item, exemplars: items[i].exemplars)
            results.update { $0[i] = value }
        }
        XCTAssertEqual(items.indices.map { results.value[$0] }, serial)
    }

    // MARK: Helpers

    /// The continuation's summed log-probability from one `evaluate(.all)` of context + continuation.
    static func fullPassLogLikelihood(_ model: LocalModel, context: [Int32], continuation: [Int32]) throws -> Double {
        let session = InferenceSession(model: model.model, contextLength: 1024, threads: 2, batchCapacity: batch)
        try session.evaluate(context + continuation, logits: .all)
        let vocabulary = model.model.config.vocabularySize
        return continuation.enumerated().reduce(0) { sum, pair in
            let row = context.count - 1 + pair.offset
            return sum + LogSoftmax(logits: session.logits[(row * vocabulary)..<((row + 1) * vocabulary)]).logProbability(pair.element)
        }
    }
}

/// A value shared by the threads of one test.
private final class Locked<Value>: @unchecked Sendable {
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
    func update(_ change: (inout Value) -> Void) { lock.lock(); defer { lock.unlock() }; change(&stored) }
}
