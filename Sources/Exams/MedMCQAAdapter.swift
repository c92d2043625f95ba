import Support

/// MedMCQA JSON lines (the dev split as redistributed by MIRAGE): {id, question, opa..opd,
/// cop, choice_type, exp, subject_name, topic_name}.
///
/// `cop` is the right option's number. This copy counts from 1 (cop 1 = A: its 4,183 values are
/// 1..4); the Hugging Face release counts from 0, so the base is a parameter rather than a guess.
/// Items that came from multi-select questions keep the flag "multi".
public enum MedMCQAAdapter {
    public static let format = "medmcqa-jsonl"

    public static func load(path: String, copBase: Int = 1, name: String = "medmcqa-dev") throws -> DatasetLoad {
        let source = try SourceText(path: path)
        var collector = ItemCollector(file: path)
        let fields = ["opa", "opb", "opc", "opd"]
        for (line, text) in source.numberedLines {
            let json: JSONValue
            do { json = try JSONLine.parse(text) } catch {
                collector.problem(line: line, id: nil, "\(error)")
                continue
            }
            let id = json["id"]?.stringValue
            collector.add(line: line, id: id) {
                guard let id else { throw ExamItemError.missing(field: "id") }
                guard let question = json["question"]?.stringValue else { throw ExamItemError.missing(field: "question") }
                let options = try fields.enumerated().map { index, field -> ExamOption in
                    guard let text = jsonText(json[field]) else { throw ExamItemError.missing(field: field) }
                    return ExamOption(label: OptionLetters.all[index], text: text)
                }
                guard let cop = json["cop"]?.intValue else { throw ExamItemError.missing(field: "cop") }
                let index = cop - copBase
                guard (0..<fields.count).contains(index) else {
                    throw ExamItemError.invalid(field: "cop", reason: "\(cop) is outside \(copBase)...\(copBase + 3)")
                }
                var tags = ["split": "dev"]
                if let subject = json["subject_name"]?.stringValue { tags["subject"] = subject }
                if let topic = json["topic_name"]?.stringValue { tags["topic"] = topic }
                var flags: Set<String> = []
                if json["choice_type"]?.stringValue == "multi" { flags.insert("multi") }
                return try ExamItem(id: id, stem: question, format: .multipleChoice, options: options,
                                    key: OptionLetters.all[index], tags: tags, flags: flags)
            }
        }
        let dataset = ExamDataset(name: name, format: format, sources: [source.source], items: collector.items, redactText: false)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }
}
