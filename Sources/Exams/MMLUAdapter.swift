import Support
import Foundation

/// MMLU subject CSVs (headerless `question,A,B,C,D,answer_letter`), one file per subject and
/// split, named `<subject>_<split>.csv` in `test/` and `dev/` folders.
///
/// Ids are `mmlu-<subject>-<split>-<record>` (1-based record number in its file). The dev split
/// holds the standard 5-shot exemplars; it is loaded as its own dataset so that exemplars never
/// mix with scored items.
public enum MMLUAdapter {
    public static let format = "mmlu-csv"
    /// The six subjects of "MMLU-Med" (as in MIRAGE and the Open Medical-LLM Leaderboard).
    public static let medicalSubjects = ["anatomy", "clinical_knowledge", "college_biology", "college_medicine",
                                         "medical_genetics", "professional_medicine"]

    /// Loads `<directory>/<split>/<subject>_<split>.csv` for each subject, in the order given.
    public static func load(directory: String, split: String, subjects: [String] = medicalSubjects,
                            name: String? = nil) throws -> DatasetLoad {
        var collector = ItemCollector(file: directory)
        var sources: [ExamDataset.SourceFile] = []
        for subject in subjects {
            let path = "\(directory)/\(split)/\(subject)_\(split).csv"
            let source = try SourceText(path: path)
            sources.append(source.source)
            collector.append(read(source, subject: subject, split: split))
        }
        let dataset = ExamDataset(name: name ?? "mmlu-medical-\(split)", format: format, sources: sources,
                                  items: collector.items, redactText: false)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }

    static func read(_ source: SourceText, subject: String, split: String) -> ItemCollector {
        var collector = ItemCollector(file: source.path)
        let (records, error) = CSVReader.read(source.text)
        for (index, record) in records.enumerated() {
            let id = "mmlu-\(subject)-\(split)-\(index + 1)"
            collector.add(line: record.line, id: id) {
                guard record.fields.count == 6 else {
                    throw ExamItemError.invalid(field: "record", reason: "expected 6 fields (question, A-D, answer), found \(record.fields.count)")
                }
                let options = (0..<4).map { ExamOption(label: OptionLetters.all[$0], text: record.fields[$0 + 1]) }
                let key = record.fields[5].trimmingCharacters(in: .whitespaces)
                return try ExamItem(id: id, stem: record.fields[0], format: .multipleChoice, options: options, key: key,
                                    tags: ["subject": subject, "split": split])
            }
        }
        if let error { collector.problem(line: error.line, id: nil, error.reason + "; the rest of the file is left out") }
        return collector
    }
}
