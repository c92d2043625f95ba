/// Measures the inference core the way llama-bench measures llama.cpp, so the two can be run side
/// by side: prompt processing of `promptTokens` in one call (pp512) and generation of
/// `generatedTokens` one token per call (tg128), each from an empty cache, after one warmup run,
/// `repeats` times; plus load time, time to first token for a chat-sized prompt, peak RSS and the
/// decode's weight traffic against a measured read bandwidth.
public struct ThroughputProbe {
    public struct Settings: Sendable {
        public var modelPath: String
        public var threads: Int
        public var promptTokens = 512
        public var generatedTokens = 128
        public var repeats = 5
        /// Tokens of the time-to-first-token prompt: about a short chat turn with its template.
        public var chatPromptTokens = 64
        public var seed: UInt64 = 1
        public var measuresBandwidth = true

        public init(modelPath: String, threads: Int) {
            self.modelPath = modelPath
            self.threads = threads
        }
    }

    /// Tokens per second of the repeats, with llama-bench's statistics (sample standard deviation).
    public struct Rate: Codable, Sendable {
        public var mean: Double
        public var stddev: Double
        public var samples: [Double]

        init(_ samples: [Double]) {
            self.samples = samples
            mean = samples.isEmpty ? 0 : samples.reduce(0, +) / Double(samples.count)
            let m = mean
            stddev = samples.count < 2 ? 0
                : (samples.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(samples.count - 1)).squareRoot()
        }
    }

    public struct Report: Codable, Sendable {
        public var implementation = "consilium"
        public var model: String
        public var architecture: String
        public var weightType: String
        public var fileBytes: Int
        public var threads: Int
        public var promptTokens: Int
        public var generatedTokens: Int
        public var repeats: Int
        public var seed: UInt64
        public var prefill: Rate
        public var decode: Rate
        /// Tokens per CPU second of the whole process (all threads, spinning included). With one
        /// thread this is the speed on a dedicated core, much less disturbed by other processes.
        public var prefillPerCPUSecond: Rate
        public var decodePerCPUSecond: Rate
        /// Mapping and checking the file, binding the weights and creating the session (cache,
        /// buffers, threads), as llama.cpp's model load plus context creation.
        public var loadMilliseconds: Double
        /// First evaluation after load (cold: includes faulting in the mapped weights) of a
        /// `chatPromptTokens` prompt, through the argmax of its logits.
        public var chatPromptTokens: Int
        public var firstTokenColdMilliseconds: Double
        /// The same prompt from an empty cache once everything is warm (mean of the repeats).
        public var firstTokenWarmMilliseconds: Double
        /// From process start (10 ms resolution) to the cold first token; nil without /proc.
        public var processStartToFirstTokenMilliseconds: Double?
        /// Peak RSS before the bandwidth test allocates its buffer.
        public var peakResidentBytes: Int
        public var kvCacheBytes: Int
        public var weightBytesPerToken: Int
        /// weightBytesPerToken x decode tokens/s.
        public var decodeGigabytesPerSecond: Double
        public var measuredReadGigabytesPerSecond: Double?
        /// measuredReadGigabytesPerSecond / weightBytesPerToken: the decode speed if weights streamed at that rate.
        public var decodeCeilingTokensPerSecond: Double?
    }

    public let settings: Settings

    public init(settings: Settings) {
        self.settings = settings
    }

    public func run() throws -> Report {
        let s = settings
        let loadStart = MonotonicClock.seconds()
        let model = try TransformerModel(path: s.modelPath)
        let vocab = model.config.vocabularySize
        var ids = SyntheticTokens(seed: s.seed, vocabularySize: vocab)
        let context = max(s.promptTokens, s.generatedTokens, s.chatPromptTokens)
        let session = InferenceSession(model: model, contextLength: context, threads: s.threads,
                                       batchCapacity: max(1, min(512, context)))
        let loadSeconds = MonotonicClock.seconds() - loadStart

        let chatPrompt = ids.take(s.chatPromptTokens)
        let coldStart = MonotonicClock.seconds()
        _ = try firstToken(session, chatPrompt)
        let coldSeconds = MonotonicClock.seconds() - coldStart
        let sinceStart = MonotonicClock.secondsSinceProcessStart()

        let prompt = ids.take(s.promptTokens)
        let generated = ids.take(s.generatedTokens)
        // Warmup as llama-bench: one prompt run and one generated token.
        session.truncate(to: 0)
        try session.evaluate(prompt)
        session.truncate(to: 0)
        try session.evaluate([generated[0]])

        var prefill: [Double] = [], decode: [Double] = [], warmFirst: [Double] = []
        var prefillCPU: [Double] = [], decodeCPU: [Double] = []
        for _ in 0..<s.repeats {
            session.truncate(to: 0)
            var t0 = MonotonicClock.seconds()
            var c0 = MonotonicClock.processCPUSeconds()
            try session.evaluate(prompt)
            prefill.append(Double(prompt.count) / (MonotonicClock.seconds() - t0))
            prefillCPU.append(Double(prompt.count) / (MonotonicClock.processCPUSeconds() - c0))

            session.truncate(to: 0)
            t0 = MonotonicClock.seconds()
            c0 = MonotonicClock.processCPUSeconds()
            for id in generated { try session.evaluate([id]) }
            decode.append(Double(generated.count) / (MonotonicClock.seconds() - t0))
            decodeCPU.append(Double(generated.count) / (MonotonicClock.processCPUSeconds() - c0))

            t0 = MonotonicClock.seconds()
            _ = try firstToken(session, chatPrompt)
            warmFirst.append(MonotonicClock.seconds() - t0)
        }
        let peak = MonotonicClock.peakResidentBytes()

        let traffic = DecodeTraffic.weightBytesPerToken(model)
        let decodeRate = Rate(decode)
        var report = Report(
            model: s.modelPath, architecture: model.config.architecture,
            weightType: model.dominantWeightType.description, fileBytes: model.file.fileSize,
            threads: session.threadCount, promptTokens: s.promptTokens, generatedTokens: s.generatedTokens,
            repeats: s.repeats, seed: s.seed, prefill: Rate(prefill), decode: decodeRate,
            prefillPerCPUSecond: Rate(prefillCPU), decodePerCPUSecond: Rate(decodeCPU),
            loadMilliseconds: loadSeconds * 1000, chatPromptTokens: s.chatPromptTokens,
            firstTokenColdMilliseconds: coldSeconds * 1000,
            firstTokenWarmMilliseconds: Rate(warmFirst).mean * 1000,
            processStartToFirstTokenMilliseconds: sinceStart.map { $0 * 1000 },
            peakResidentBytes: peak, kvCacheBytes: session.cache.byteCount,
            weightBytesPerToken: traffic,
            decodeGigabytesPerSecond: Double(traffic) * decodeRate.mean / 1e9)
        if s.measuresBandwidth {
            let bandwidth = MemoryBandwidth.measureRead(pool: session.pool)
            report.measuredReadGigabytesPerSecond = bandwidth / 1e9
            report.decodeCeilingTokensPerSecond = bandwidth / Double(traffic)
        }
        return report
    }

    /// Logits along every kernel path (a 4-token-tiled prompt, a prompt ending in a partial tile,
    /// single-token decode steps), concatenated: two builds whose dumps are byte-identical compute
    /// the same numbers, which is how a kernel change is shown not to move the logits.
    public static func logitsTrace(modelPath: String, threads: Int, seed: UInt64 = 1) throws -> [Float] {
        let model = try TransformerModel(path: modelPath)
        var ids = SyntheticTokens(seed: seed, vocabularySize: model.config.vocabularySize)
        let session = InferenceSession(model: model, contextLength: 256, threads: threads)
        var out: [Float] = []
        out += try session.evaluate(ids.take(64))
        for _ in 0..<3 { out += try session.evaluate([ids.next()]) }
        out += try session.evaluate(ids.take(7))
        return out
    }

    /// Evaluates `prompt` from an empty cache and picks the most likely next token.
    private func firstToken(_ session: InferenceSession, _ prompt: [Int32]) throws -> Int32 {
        session.truncate(to: 0)
        let logits = try session.evaluate(prompt)
        var best = logits.startIndex
        for i in logits.indices where logits[i] > logits[best] { best = i }
        return Int32(best - logits.startIndex)
    }
}
