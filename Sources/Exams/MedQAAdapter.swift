import Support

/// MedQA-USMLE 4-option JSON lines: {question, options {A..D}, answer (text), answer_idx
/// (letter), meta_info ("step1" | "step2&3")}.
///
/// The source has no ids, so an item's id is `medqa-<line>`: stable for the same file bytes,
/// and shared by a subset cut from the file's first lines. `answer` must be the text of the
/// option `answer_idx` names; a mismatch is reported rather than trusted.
public enum MedQAAdapter {
    public static let format = "medqa-jsonl"

    public static func load(path: String, name: String = "medqa-usmle-4opt") throws -> DatasetLoad {
        let source = try SourceText(path: path)
        var collector = ItemCollector(file: path)
        for (line, text) in source.numberedLines {
            let id = "medqa-\(line)"
            collector.add(line: line, id: id) {
                let json = try JSONLine.parse(text)
                guard let question = json["question"]?.stringValue else { throw ExamItemError.missing(field: "question") }
                guard let optionMap = json["options"]?.objectValue else { throw ExamItemError.missing(field: "options") }
                let options = try optionMap.keys.sorted().map { label -> ExamOption in
                    guard let text = optionMap[label]?.stringValue else {
                        throw ExamItemError.invalid(field: "options.\(label)", reason: "not a string")
                    }
                    return ExamOption(label: label, text: text)
                }
                guard let key = json["answer_idx"]?.stringValue else { throw ExamItemError.missing(field: "answer_idx") }
                if let answer = json["answer"]?.stringValue, let keyed = optionMap[key]?.stringValue, answer != keyed {
                    throw ExamItemError.invalid(field: "answer", reason: "text differs from option \(key)'s text")
                }
                var tags = ["split": "test"]
                if let step = json["meta_info"]?.stringValue { tags["step"] = step }
                return try ExamItem(id: id, stem: question, format: .multipleChoice, options: options, key: key, tags: tags)
            }
        }
        let dataset = ExamDataset(name: name, format: format, sources: [source.source], items: collector.items, redactText: false)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }
}

/// One JSON-lines record, with errors that say where in the line the parser stopped.
enum JSONLine {
    static func parse(_ text: Substring) throws -> JSONValue {
        do {
            return try JSONValue(parsing: String(text))
        } catch let error as JSONParseError {
            throw ExamItemError.invalid(field: "line", reason: "not valid JSON at column \(error.offset + 1): \(error.reason)")
        }
    }
}
