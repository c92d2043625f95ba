import Foundation

/// The shipped sets by name, read from a root folder laid out as /work/shared/data/exams (full
/// copies) or Benchmarks/exams (the committed subsets, whose file names end in `_first50`).
public struct ExamRegistry: Sendable {
    public enum Layout: Sendable {
        /// The full offline copies, file names as in their READMEs.
        case full
        /// The committed subsets in Benchmarks/exams.
        case subset
    }

    public let root: String
    public let layout: Layout

    public init(root: String, layout: Layout) {
        self.root = root
        self.layout = layout
    }

    /// The names `load(_:)` accepts.
    public static let names = ["pubmedqa-test", "pubmedqa-all", "medqa-usmle-4opt", "medmcqa-dev",
                               "mmlu-medical-test", "mmlu-medical-dev", "radonc-realworld-50"]

    public func load(_ name: String) throws -> DatasetLoad {
        let sub = layout == .subset
        switch name {
        case "pubmedqa-test", "pubmedqa-all":
            return try PubMedQAAdapter.load(
                contexts: "\(root)/pubmedqa/\(sub ? "ori_pqal_first50.json" : "ori_pqal.json")",
                testGroundTruth: "\(root)/pubmedqa/\(sub ? "test_ground_truth_first50.json" : "test_ground_truth.json")",
                testSplitOnly: name == "pubmedqa-test", name: name)
        case "medqa-usmle-4opt":
            return try MedQAAdapter.load(path: "\(root)/medqa_usmle_4opt/" +
                                         (sub ? "test_first50.jsonl" : "US_4_options_phrases_no_exclude_test.jsonl"))
        case "medmcqa-dev":
            return try MedMCQAAdapter.load(path: "\(root)/medmcqa_dev/\(sub ? "dev_first50.jsonl" : "dev.json")")
        case "mmlu-medical-test":
            return try MMLUAdapter.load(directory: "\(root)/mmlu_medical", split: "test")
        case "mmlu-medical-dev":
            return try MMLUAdapter.load(directory: "\(root)/mmlu_medical", split: "dev")
        case "radonc-realworld-50":
            return try RadOncAdapter.load(path: "\(root)/radonc_realworld_50/questions_answers_evaluations.csv")
        default:
            throw DatasetError(file: root, reason: "no shipped set named \(name); known: \(Self.names.joined(separator: ", "))")
        }
    }
}
