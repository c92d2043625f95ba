import Foundation
import FlowRunner
import Oncology
import Provenance
import Ratings
import Support
import Workflow

/// `bench moalmanac-fda`, after Jun et al. 2025: questions made from the knowledge base's
/// FDA-approved biomarker-therapy rows (cancer type + biomarker -> therapies), asked of the model
/// without and with the retrieved rows in the prompt, scored by `FDAAnswerScore`. Every question
/// is one run of `flows/moalmanac-fda.json` in the provenance store, decoded greedily.
public struct FDABench: Sendable {
    public enum Arm: String, Sendable, CaseIterable {
        case modelOnly = "without retrieval"
        case retrieval = "with retrieval"
    }

    public struct ArmResult: Sendable {
        public let arm: Arm
        public let score: FDAAnswerScore
        public let calls: Int
        public let cacheHits: Int
    }

    /// Questions the knowledge base yields, before any limit.
    public let available: Int
    public let questions: [FDAQuestion]
    public let arms: [ArmResult]
    public let model: String
    public let seed: UInt64

    /// The questions of `rows`, all of them or `limit` drawn with `seed` (then kept in id order).
    public static func questions(rows: [KBRow], limit: Int?, seed: UInt64) -> (all: Int, asked: [FDAQuestion]) {
        let all = FDAQuestion.make(from: rows)
        guard let limit, limit < all.count else { return (all.count, all) }
        var random = SeededRandom(seed: seed)
        let picked = Set(BlindedExport.shuffled(all.map(\.id), using: &random).prefix(limit))
        return (all.count, all.filter { picked.contains($0.id) })
    }

    public static func run(rows: [KBRow], limit: Int?, seed: UInt64, arms: [Arm], runner: FlowRunner, resources: TumorBoardResources,
                           progress: (String) -> Void = { _ in }) async throws -> FDABench {
        let flow = try CheckedFlow.load(file: resources.fdaFlowFile, promptsRoot: resources.promptsRoot, metrics: runner.metrics.catalog)
        let greedy = TumorBoardRecommender.runner(runner, temperature: 0, seed: runner.options.sampling.seed ?? 0)
        let normalizer = try resources.normalizer()
        let (available, asked) = questions(rows: rows, limit: limit, seed: seed)
        var results: [ArmResult] = []
        for arm in arms {
            var answers: [String: [[String]]?] = [:]
            var calls = 0, hits = 0
            for q in asked {
                let evidence = arm == .retrieval ? q.evidence(from: rows) : []
                let inputs: [String: JSONValue] = ["question": .object(["disease": .string(q.disease), "biomarker": .string(q.biomarker)]),
                                                   "evidence": .array(evidence.map { .string($0) })]
                let result = try await greedy.run(flow, inputs: inputs)
                let named = therapies(result.outputs["therapies"] ?? .null)
                answers[q.id] = named
                calls += result.statistics.providerCalls
                hits += result.statistics.cacheHits
                progress("\(arm.rawValue), \(q.id) (\(q.disease); \(q.biomarker)): run \(result.runID), "
                         + (named.map { "\($0.map { $0.joined(separator: " + ") }.joined(separator: "; "))" } ?? "answer unusable"))
            }
            results.append(ArmResult(arm: arm, score: try FDAAnswerScore(questions: asked, answers: answers, normalizer: normalizer),
                                     calls: calls, cacheHits: hits))
        }
        return FDABench(available: available, questions: asked, arms: results,
                        model: runner.models.model(forStep: "therapies").identity.modelID, seed: seed)
    }

    /// The therapies of an answer, nil when it is not in the schema's shape (an `ItemFailure`).
    static func therapies(_ output: JSONValue) -> [[String]]? {
        guard ItemFailure(json: output) == nil, let list = output["therapies"]?.arrayValue else { return nil }
        return list.compactMap { $0["drugs"]?.arrayValue?.compactMap(\.stringValue) }.filter { !$0.isEmpty }
    }

    // MARK: Output

    public var markdown: String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "n/a" }
        var out = ["| arm | questions | unusable | exact accuracy | partial accuracy | precision | recall | F1 | model calls (cached) |",
                   "|---|---|---|---|---|---|---|---|---|"]
        for a in arms {
            let s = a.score
            out.append("| \(a.arm.rawValue) | \(s.questions) | \(s.unusable) | \(f(s.exactAccuracy)) | \(f(s.partialAccuracy)) | "
                       + "\(f(s.pooled.precision)) | \(f(s.pooled.recall)) | \(f(s.pooled.f1)) | \(a.calls + a.cacheHits) (\(a.cacheHits)) |")
        }
        return out.joined(separator: "\n")
    }

    public var summary: String {
        "- questions: \(questions.count) of the \(available) the knowledge base yields"
            + (questions.count < available ? " (drawn with seed \(seed))" : "")
            + "; approved therapies asked for: \(questions.map(\.therapies.count).reduce(0, +))"
    }

    public func recordMarkdown(model: String, date: String, command: String, commit: String, machine: String) -> String {
        """
        # Tumor-board bench: moalmanac-fda, \(model)

        Recorded \(date) by `\(command)` at commit \(commit) on \(machine).

        After Jun et al. 2025 (medRxiv 10.1101/2025.05.09.25327312): one question per (cancer type,
        biomarker) among the knowledge base's FDA-approved sensitivity rows, answered by the model alone
        and with the rows Consilium retrieved for the biomarker's genes (at most 8, this cancer type first)
        in the prompt, through `Prompts/flows/moalmanac-fda.json`, greedy decoding. Therapies compared as
        sets of normalized drugs: exact = an approved therapy named with all its drugs; partial = a drug of
        an approved therapy named; precision, recall and F1 pooled over the therapies (definitions in
        `Sources/Oncology/FDAAnswerScore.swift`, our reading of the paper). The knowledge base
        (MOAlmanac, GPL-2.0, research use only) is read from the shared copy and not committed.

        \(summary)

        \(markdown)

        """
    }
}
