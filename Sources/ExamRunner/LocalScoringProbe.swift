import Exams
import Foundation
import Inference
#if canImport(Glibc)
import Glibc
#endif

/// Throughput of exam modes (a) and (b) on a local model, for Benchmarks/results: items per second
/// over the first `itemCount` items of a set with `shots` exemplars of the item's subject, under the
/// session settings that decide speed (micro-batch size, prefix reuse across items); and the cost of
/// an item's option continuations run one by one against all of them in one pass, the most a
/// multi-sequence batch could save.
public struct LocalScoringProbe {
    public struct Settings: Sendable {
        public var modelPath: String
        public var threads: Int
        /// A folder laid out as Benchmarks/exams (`.subset`) or /work/shared/data/exams (`.full`).
        public var examsRoot: String
        public var layout: ExamRegistry.Layout
        public var itemCount = 30
        public var shots = 5
        public var contextLength = 2048
        public var batchingItems = 5
        public var batchingRepeats = 3

        public init(modelPath: String, threads: Int, examsRoot: String, layout: ExamRegistry.Layout) {
            self.modelPath = modelPath
            self.threads = threads
            self.examsRoot = examsRoot
            self.layout = layout
        }
    }

    public struct Measurement: Codable, Sendable {
        public var mode: String
        public var batchCapacity: Int
        public var prefixReuse: String
        public var items: Int
        public var wallSeconds: Double
        public var cpuSeconds: Double
        public var itemsPerSecond: Double
        /// Items per CPU second of the process (all threads): steadier than wall time on a loaded machine.
        public var itemsPerCPUSecond: Double
        public var evaluatedPositions: Int
        public var reusedPositions: Int
        /// Items whose argmax (summed log-likelihood, or letter probability) is the key.
        public var correct: Int
        /// How often each label was predicted, beside the keys' histogram (a letter bias shows here).
        public var predicted: [String: Int]
        public var keys: [String: Int]
    }

    public struct Batching: Codable, Sendable {
        public var itemID: String
        public var batchCapacity: Int
        public var promptTokens: Int
        /// Tokens run per option (its continuation without the last token).
        public var optionTokens: [Int]
        /// Median over the repeats of running the options one pass each, after the cached prompt.
        public var separateMilliseconds: Double
        /// Median of one pass over all options' tokens in a row (the same work as one multi-sequence batch).
        public var oneBatchMilliseconds: Double
    }

    public struct Report: Codable, Sendable {
        public var model: String
        public var threads: Int
        public var dataset: String
        public var shots: Int
        public var measurements: [Measurement]
        public var batching: [Batching]
    }

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func run() throws -> Report {
        let model = try LocalModel(path: settings.modelPath)
        let registry = ExamRegistry(root: settings.examsRoot, layout: settings.layout)
        let items = Array(try registry.load("mmlu-medical-test").dataset.items.prefix(settings.itemCount))
        let dev = try registry.load("mmlu-medical-dev").dataset.items
        let work = items.map { item in (item, Array(dev.filter { $0.tags["subject"] == item.tags["subject"] }.prefix(settings.shots))) }
        var measurements: [Measurement] = []
        let configurations: [(Int, ContinuationScorer.PrefixReuse)] = [(512, .withinCall), (32, .withinCall), (32, .acrossCalls)]
        for mode in [ExamPrompt.Mode.likelihood, .nextToken] {
            for (capacity, reuse) in configurations {
                measurements.append(try measure(model, work: work, mode: mode, batchCapacity: capacity, reuse: reuse))
            }
        }
        var batching: [Batching] = []
        for capacity in [512, 32] {
            for (item, exemplars) in work.prefix(settings.batchingItems) {
                batching.append(try measureBatching(model, item: item, exemplars: exemplars, batchCapacity: capacity))
            }
        }
        return Report(model: (settings.modelPath as NSString).lastPathComponent, threads: settings.threads,
                      dataset: "mmlu-medical-test (first \(items.count))", shots: settings.shots,
                      measurements: measurements, batching: batching)
    }

    private func measure(_ model: LocalModel, work: [(ExamItem, [ExamItem])], mode: ExamPrompt.Mode,
                         batchCapacity: Int, reuse: ContinuationScorer.PrefixReuse) throws -> Measurement {
        let scorer = LocalExamScorer(model: model, threads: settings.threads, contextLength: settings.contextLength,
                                     batchCapacity: batchCapacity, prefixReuse: reuse)
        var correct = 0
        var predictions: [String: Int] = [:], keys: [String: Int] = [:]
        let wall = Date(), cpu = Self.processCPUSeconds()
        for (item, exemplars) in work {
            let predicted: String
            if mode == .likelihood {
                predicted = try LikelihoodChoice(try scorer.optionLikelihoods(for: item, exemplars: exemplars)).predicted
            } else {
                let labels = try scorer.letterLogProbabilities(for: item, exemplars: exemplars)
                predicted = try LetterProbabilities(logProbabilities: labels, labels: item.labels).predicted
            }
            if predicted == item.key { correct += 1 }
            predictions[predicted, default: 0] += 1
            keys[item.key ?? "-", default: 0] += 1
        }
        let wallSeconds = Date().timeIntervalSince(wall), cpuSeconds = Self.processCPUSeconds() - cpu
        let counts = scorer.positionCounts
        return Measurement(mode: mode.rawValue, batchCapacity: batchCapacity, prefixReuse: reuse.rawValue, items: work.count,
                           wallSeconds: wallSeconds, cpuSeconds: cpuSeconds,
                           itemsPerSecond: Double(work.count) / wallSeconds, itemsPerCPUSecond: Double(work.count) / cpuSeconds,
                           evaluatedPositions: counts.evaluated, reusedPositions: counts.reused, correct: correct,
                           predicted: predictions, keys: keys)
    }

    private func measureBatching(_ model: LocalModel, item: ExamItem, exemplars: [ExamItem], batchCapacity: Int) throws -> Batching {
        let session = InferenceSession(model: model.model, contextLength: settings.contextLength, threads: settings.threads,
                                       batchCapacity: batchCapacity)
        let prompt = ExamPrompt.render(item, exemplars: exemplars, mode: .likelihood)
        let pairs = try ExamPrompt.continuations(item).map { try model.tokenizer.scoringTokens(context: prompt, continuation: $0.text) }
        let context = pairs[0].context
        let inputs = pairs.map { Array($0.continuation.dropLast()) }.filter { !$0.isEmpty }
        try session.evaluate(context, logits: .last)
        var separate: [Double] = [], together: [Double] = []
        for _ in 0..<settings.batchingRepeats {
            var start = Date()
            for tokens in inputs {
                session.truncate(to: context.count)
                try session.evaluate(tokens, logits: .all)
            }
            separate.append(Date().timeIntervalSince(start) * 1000)
            session.truncate(to: context.count)
            start = Date()
            try session.evaluate(inputs.flatMap { $0 }, logits: .all)
            together.append(Date().timeIntervalSince(start) * 1000)
        }
        return Batching(itemID: item.id, batchCapacity: batchCapacity, promptTokens: context.count, optionTokens: inputs.map(\.count),
                        separateMilliseconds: Self.median(separate), oneBatchMilliseconds: Self.median(together))
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
    }

    static func processCPUSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }
}
