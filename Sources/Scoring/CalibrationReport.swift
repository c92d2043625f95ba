/// A reliability table and the expected calibration error (Naeini et al. 2015; Guo et al.
/// 2017): confidences grouped into equal-width bins, each bin's accuracy against its mean
/// confidence. The bins are (lower, upper], except that the first also holds 0.
public struct CalibrationReport: Equatable, Sendable {
    public struct Bin: Equatable, Sendable {
        public let lower: Double
        public let upper: Double
        public let count: Int
        /// nil for an empty bin.
        public let meanConfidence: Double?
        public let accuracy: Double?
    }

    public let bins: [Bin]
    public let itemCount: Int
    /// Sum over bins of (bin count / n) * |accuracy - mean confidence|.
    public let expectedCalibrationError: Double
    /// The largest |accuracy - mean confidence| over non-empty bins.
    public let maximumCalibrationError: Double

    /// `confidences[i]` in [0, 1] is the probability given to the answer chosen for item i;
    /// `correct[i]` whether that answer was right. Throws on no items, mismatched lengths,
    /// a confidence outside [0, 1], or fewer than 1 bin.
    public init(confidences: [Double], correct: [Bool], binCount: Int = 10) throws {
        try requirePositive(binCount, "binCount")
        try requireCount(confidences, atLeast: 1, "confidences")
        try requireSameCount(confidences, "confidences", correct, "correct")
        try requireProbabilities(confidences, "confidences")
        let edges = (0...binCount).map { Double($0) / Double(binCount) }
        var counts = [Int](repeating: 0, count: binCount)
        var confidenceSums = [Double](repeating: 0, count: binCount)
        var correctCounts = [Int](repeating: 0, count: binCount)
        for (confidence, isCorrect) in zip(confidences, correct) {
            let bin = Self.bin(of: confidence, edges: edges)
            counts[bin] += 1
            confidenceSums[bin] += confidence
            if isCorrect { correctCounts[bin] += 1 }
        }
        var bins: [Bin] = []
        var expected = 0.0, maximum = 0.0
        for index in 0..<binCount {
            let count = counts[index]
            let meanConfidence = count == 0 ? nil : confidenceSums[index] / Double(count)
            let accuracy = count == 0 ? nil : Double(correctCounts[index]) / Double(count)
            if let meanConfidence, let accuracy {
                let gap = abs(accuracy - meanConfidence)
                expected += Double(count) / Double(confidences.count) * gap
                maximum = Swift.max(maximum, gap)
            }
            bins.append(Bin(lower: edges[index], upper: edges[index + 1], count: count,
                            meanConfidence: meanConfidence, accuracy: accuracy))
        }
        self.bins = bins
        itemCount = confidences.count
        expectedCalibrationError = expected
        maximumCalibrationError = maximum
    }

    /// The bin whose (lower, upper] holds `confidence`, compared against the same edge values
    /// the report shows, so 0.3 lands in (0.2, 0.3] even though 0.3 * 10 rounds above 3.
    private static func bin(of confidence: Double, edges: [Double]) -> Int {
        let binCount = edges.count - 1
        var index = Swift.min(binCount - 1, Swift.max(0, Int(confidence * Double(binCount))))
        while index > 0 && confidence <= edges[index] { index -= 1 }
        while index < binCount - 1 && confidence > edges[index + 1] { index += 1 }
        return index
    }
}
