import Support
import Foundation

/// The 50 real-world radiation-oncology questions (Dennstädt et al., JMIR 2025): a
/// semicolon-separated CSV with a header and BOM; columns Question; Difficulty (decimal comma);
/// Thematic Group; Answer of OpenBioLLM-70B; Evaluation (questioner reviewer); Evaluation (second
/// reviewer). Ratings are integers 1-5.
///
/// Items are open-ended (no options, no key). The model answer and both ratings are kept as
/// annotations: "modelAnswer", "rating.questioner", "rating.second", "difficulty" (as a decimal
/// point number). Ids are `radonc-<record>`.
public enum RadOncAdapter {
    public static let format = "radonc-realworld-csv"
    static let header = ["Question", "Difficulty of the question", "Thematic Group of the question",
                         "Answer of OpenBioLLM-70B", "Evaluation (questioner reviewer)", "Evaluation (second reviewer)"]

    public static func load(path: String, name: String = "radonc-realworld-50") throws -> DatasetLoad {
        let source = try SourceText(path: path)
        var collector = ItemCollector(file: path)
        let (records, error) = CSVReader.read(source.text, delimiter: ";")
        guard let first = records.first, first.fields == header else {
            throw DatasetError(file: path, reason: "line 1: expected the header \(header.joined(separator: ";"))")
        }
        for (index, record) in records.dropFirst().enumerated() {
            let id = "radonc-\(index + 1)"
            collector.add(line: record.line, id: id) {
                let f = record.fields
                guard f.count == header.count else {
                    throw ExamItemError.invalid(field: "record", reason: "expected \(header.count) fields, found \(f.count)")
                }
                var annotations = ["modelAnswer": f[3]]
                for (column, key) in [(4, "rating.questioner"), (5, "rating.second")] {
                    guard let rating = Int(f[column].trimmingCharacters(in: .whitespaces)), (1...5).contains(rating) else {
                        throw ExamItemError.invalid(field: header[column], reason: "expected an integer 1-5, found \"\(f[column])\"")
                    }
                    annotations[key] = String(rating)
                }
                if let difficulty = Double(f[1].replacingOccurrences(of: ",", with: ".")) {
                    annotations["difficulty"] = String(difficulty)
                }
                return try ExamItem(id: id, stem: f[0], format: .openEnded, options: [], key: nil,
                                    tags: ["domain": f[2]], annotations: annotations)
            }
        }
        if let error { collector.problem(line: error.line, id: nil, error.reason + "; the rest of the file is left out") }
        let dataset = ExamDataset(name: name, format: format, sources: [source.source], items: collector.items, redactText: false)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }
}
