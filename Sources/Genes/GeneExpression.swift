import Foundation
import Scoring

/// One gene's expression numbers.
public struct GeneExpression: Equatable, Sendable {
    public let gene: String
    /// Mean over all samples.
    public let mean: Double
    public let caseMean: Double?
    public let controlMean: Double?
    /// Case mean minus control mean (on log-scale data, this is the log fold change).
    public let meanDifference: Double?
    /// log2(case mean / control mean); only when every value of both groups is positive, i.e.
    /// the data look like linear-scale intensities or counts.
    public let log2FoldChange: Double?
    public let welch: WelchTest?
    /// Correlation across samples with the module average (which includes this gene); nil when
    /// either is constant.
    public let pearson: Double?
    public let spearman: Double?

    init(gene: String, values: [Double], moduleAverage: [Double], split: (caseIndices: [Int], controlIndices: [Int])?) throws {
        self.gene = gene
        mean = values.reduce(0, +) / Double(values.count)
        if let split {
            let cases = split.caseIndices.map { values[$0] }, controls = split.controlIndices.map { values[$0] }
            let caseMean = cases.reduce(0, +) / Double(cases.count), controlMean = controls.reduce(0, +) / Double(controls.count)
            self.caseMean = caseMean
            self.controlMean = controlMean
            meanDifference = caseMean - controlMean
            log2FoldChange = (cases + controls).allSatisfy { $0 > 0 } ? log2(caseMean / controlMean) : nil
            welch = WelchTest(cases, controls)
        } else {
            caseMean = nil; controlMean = nil; meanDifference = nil; log2FoldChange = nil; welch = nil
        }
        if values.count >= 2 {
            pearson = try Correlation.pearson(values, moduleAverage)
            spearman = try Correlation.spearman(values, moduleAverage)
        } else {
            pearson = nil; spearman = nil
        }
    }
}
