import Foundation
import Support

/// The documented format for users' own question sets (a TXIT copy, an in-house exam); see
/// Benchmarks/exams/README.md.
///
/// JSON lines, one object per line:
/// `{"id": "q1", "question": "...", "options": {"A": "...", "B": "..."}, "answer": "B",
///   "tags": {"subject": "physics"}, "flags": ["image"], "context": "..."}`
/// `id`, `question`, `options` (labels A-Z) and `answer` are required; options `yes`/`no`/`maybe`
/// make a yes/no/maybe item; no `options` and no `answer` make an open-ended item.
///
/// A `.json` file may hold a JSON array of the same objects.
///
/// CSV with a header row: columns `id`, `question`, `answer`, one column per option letter
/// (`A`, `B`, ...; empty cells mean the item has fewer options), optional `context`, `flags`
/// (separated by `|`), and `tag:<name>` columns.
///
/// `redactText` marks copyrighted material: reports then print ids and numbers only.
public enum GenericAdapter {
    public static let jsonlFormat = "generic-jsonl"
    public static let jsonFormat = "generic-json"
    public static let csvFormat = "generic-csv"

    /// By extension: `.jsonl` JSON lines, `.json` a JSON array of the same objects, `.csv` CSV.
    public static func load(path: String, name: String, redactText: Bool) throws -> DatasetLoad {
        switch path.split(separator: ".").last?.lowercased() {
        case "jsonl": return try loadJSONL(path: path, name: name, redactText: redactText)
        case "json": return try loadJSON(path: path, name: name, redactText: redactText)
        case "csv": return try loadCSV(path: path, name: name, redactText: redactText)
        default: throw DatasetError(file: path, reason: "unknown extension; expected .jsonl, .json or .csv")
        }
    }

    public static func loadJSONL(path: String, name: String, redactText: Bool) throws -> DatasetLoad {
        let source = try SourceText(path: path)
        var collector = ItemCollector(file: path)
        for (line, text) in source.numberedLines {
            let json: JSONValue
            do { json = try JSONLine.parse(text) } catch {
                collector.problem(line: line, id: nil, "\(error)")
                continue
            }
            collector.add(line: line, id: jsonText(json["id"])) { try item(from: json) }
        }
        let dataset = ExamDataset(name: name, format: jsonlFormat, sources: [source.source], items: collector.items,
                                  redactText: redactText)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }

    /// A JSON array of item objects. JSON values carry no line numbers here, so problems name
    /// the item's position ("item #3") instead.
    public static func loadJSON(path: String, name: String, redactText: Bool) throws -> DatasetLoad {
        let source = try SourceText(path: path)
        guard case .array(let elements) = try PubMedQAAdapter.parse(source) else {
            throw DatasetError(file: path, reason: "expected a JSON array of items")
        }
        var collector = ItemCollector(file: path)
        for (index, json) in elements.enumerated() {
            let id = jsonText(json["id"])
            do {
                let made = try item(from: json)
                collector.add(line: nil, id: id) { made }
            } catch {
                collector.problem(line: nil, id: id, "item #\(index): \(error)")
            }
        }
        let dataset = ExamDataset(name: name, format: jsonFormat, sources: [source.source], items: collector.items,
                                  redactText: redactText)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }

    /// One item object of the JSON forms.
    static func item(from json: JSONValue) throws -> ExamItem {
        guard let id = jsonText(json["id"]) else { throw ExamItemError.missing(field: "id") }
        guard let question = json["question"]?.stringValue else { throw ExamItemError.missing(field: "question") }
        var options: [ExamOption] = []
        if let map = json["options"]?.objectValue {
            for label in map.keys.sorted(by: optionOrder) {
                guard let text = jsonText(map[label]) else {
                    throw ExamItemError.invalid(field: "options.\(label)", reason: "not a string")
                }
                options.append(ExamOption(label: label, text: text))
            }
        } else if let other = json["options"], !other.isNull {
            throw ExamItemError.invalid(field: "options", reason: "expected an object {label: text}, found \(other.typeName)")
        }
        var tags: [String: String] = [:]
        for (key, value) in json["tags"]?.objectValue ?? [:] { tags[key] = jsonText(value) ?? "\(value)" }
        let flags = Set((json["flags"]?.arrayValue ?? []).compactMap(\.stringValue))
        return try make(id: id, question: question, options: options, answer: jsonText(json["answer"]),
                        tags: tags, flags: flags, context: json["context"]?.stringValue)
    }

    public static func loadCSV(path: String, name: String, redactText: Bool, delimiter: Character = ",") throws -> DatasetLoad {
        let source = try SourceText(path: path)
        var collector = ItemCollector(file: path)
        let (records, error) = CSVReader.read(source.text, delimiter: delimiter)
        guard let header = records.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }) else {
            throw DatasetError(file: path, reason: "no header row")
        }
        for required in ["id", "question", "answer"] where !header.contains(required) {
            throw DatasetError(file: path, reason: "line 1: the header has no \(required) column")
        }
        let letterColumns = header.indices.filter { OptionLetters.all.contains(header[$0]) }
        for record in records.dropFirst() {
            let value = { (column: String) -> String? in
                guard let index = header.firstIndex(of: column), index < record.fields.count else { return nil }
                let text = record.fields[index]
                return text.isEmpty ? nil : text
            }
            let id = value("id")
            collector.add(line: record.line, id: id) {
                guard record.fields.count == header.count else {
                    throw ExamItemError.invalid(field: "record", reason: "expected \(header.count) fields as in the header, found \(record.fields.count)")
                }
                guard let id else { throw ExamItemError.missing(field: "id") }
                let options = letterColumns.compactMap { index -> ExamOption? in
                    record.fields[index].isEmpty ? nil : ExamOption(label: header[index], text: record.fields[index])
                }
                var tags: [String: String] = [:]
                for (index, column) in header.enumerated() where column.hasPrefix("tag:") && !record.fields[index].isEmpty {
                    tags[String(column.dropFirst(4))] = record.fields[index]
                }
                let flags = Set((value("flags") ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) })
                return try make(id: id, question: value("question") ?? "", options: options,
                                answer: value("answer")?.trimmingCharacters(in: .whitespaces), tags: tags,
                                flags: flags.filter { !$0.isEmpty }, context: value("context"))
            }
        }
        if let error { collector.problem(line: error.line, id: nil, error.reason + "; the rest of the file is left out") }
        let dataset = ExamDataset(name: name, format: csvFormat, sources: [source.source], items: collector.items,
                                  redactText: redactText)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }

    static func make(id: String, question: String, options: [ExamOption], answer: String?, tags: [String: String],
                     flags: Set<String>, context: String?) throws -> ExamItem {
        let labels = Set(options.map(\.label))
        let format: ExamAnswerFormat
        if options.isEmpty && answer == nil {
            format = .openEnded
        } else if labels == Set(PubMedQAAdapter.labels) {
            format = .yesNoMaybe
        } else {
            for label in labels where !OptionLetters.all.contains(label) {
                throw ExamItemError.invalid(field: "options", reason: "label \"\(label)\" is not a letter A-Z (nor yes/no/maybe)")
            }
            format = .multipleChoice
        }
        return try ExamItem(id: id, stem: question, format: format, options: options, key: answer, tags: tags,
                            flags: flags, context: context)
    }

    /// Letters alphabetically; yes, no, maybe in that order.
    static func optionOrder(_ a: String, _ b: String) -> Bool {
        let words = PubMedQAAdapter.labels
        if let i = words.firstIndex(of: a), let j = words.firstIndex(of: b) { return i < j }
        return a < b
    }
}
