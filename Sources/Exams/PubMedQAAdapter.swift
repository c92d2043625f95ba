import Support

/// PubMedQA PQA-L (`ori_pqal.json`: {pmid: {QUESTION, CONTEXTS[], LABELS[], MESHES[], YEAR,
/// final_decision, LONG_ANSWER}}) with the official test split (`test_ground_truth.json`:
/// {pmid: "yes"|"no"|"maybe"}).
///
/// Items are yes/no/maybe with the abstract's sections as context; the PMID is the id. Items in
/// the ground-truth file are tagged split=test, the others split=train. A ground-truth label that
/// disagrees with the item's own final_decision is a problem (the item is left out), as is a
/// ground-truth PMID with no item.
public enum PubMedQAAdapter {
    public static let format = "pubmedqa-pqal-json"
    static let labels = ["yes", "no", "maybe"]

    public static func load(contexts path: String, testGroundTruth truthPath: String?, testSplitOnly: Bool = false,
                            name: String = "pubmedqa") throws -> DatasetLoad {
        let source = try SourceText(path: path)
        let json = try parse(source)
        guard case .object(let members) = json else {
            throw DatasetError(file: path, reason: "expected a JSON object keyed by PMID, found \(json.typeName)")
        }
        var truth: [String: String] = [:]
        var sources = [source.source]
        var collector = ItemCollector(file: path)
        if let truthPath {
            let truthSource = try SourceText(path: truthPath)
            sources.append(truthSource.source)
            guard case .object(let labels) = try parse(truthSource) else {
                throw DatasetError(file: truthPath, reason: "expected a JSON object {pmid: label}")
            }
            for (pmid, label) in labels {
                guard let text = label.stringValue, Self.labels.contains(text) else {
                    collector.problem(line: nil, id: pmid, "\(fileName(truthPath)): label must be yes, no or maybe, found \(label)")
                    continue
                }
                if members[pmid] == nil {
                    collector.problem(line: nil, id: pmid, "\(fileName(truthPath)) lists a PMID with no item")
                }
                truth[pmid] = text
            }
        }
        let lines = keyLines(source.text)
        // Numeric PMID order: the file's own order is not kept by the JSON object.
        for pmid in members.keys.sorted(by: { (Int($0) ?? 0, $0) < (Int($1) ?? 0, $1) }) {
            guard let entry = members[pmid] else { continue }
            let isTest = truth[pmid] != nil
            if testSplitOnly && !isTest { continue }
            collector.add(line: lines[pmid], id: pmid) {
                try item(pmid: pmid, entry: entry, truth: truth[pmid])
            }
        }
        let dataset = ExamDataset(name: name, format: format, sources: sources, items: collector.items, redactText: false)
        return DatasetLoad(dataset: dataset, problems: collector.problems)
    }

    static func item(pmid: String, entry: JSONValue, truth: String?) throws -> ExamItem {
        guard let question = entry["QUESTION"]?.stringValue else { throw ExamItemError.missing(field: "QUESTION") }
        guard let contexts = entry["CONTEXTS"]?.arrayValue else { throw ExamItemError.missing(field: "CONTEXTS") }
        guard let decision = entry["final_decision"]?.stringValue else { throw ExamItemError.missing(field: "final_decision") }
        if let truth, truth != decision {
            throw ExamItemError.invalid(field: "final_decision",
                                        reason: "\(decision) disagrees with the test ground truth \(truth)")
        }
        var tags = ["split": truth == nil ? "train" : "test"]
        if let year = jsonText(entry["YEAR"]) { tags["year"] = year }
        var annotations: [String: String] = [:]
        if let long = entry["LONG_ANSWER"]?.stringValue { annotations["longAnswer"] = long }
        return try ExamItem(id: pmid, stem: question, format: .yesNoMaybe,
                            options: labels.map { ExamOption(label: $0, text: $0) }, key: decision, tags: tags,
                            context: contexts.compactMap(\.stringValue).joined(separator: "\n"),
                            annotations: annotations)
    }

    static func parse(_ source: SourceText) throws -> JSONValue {
        do {
            return try JSONValue(parsing: source.text)
        } catch let error as JSONParseError {
            let location = TextLocation(offset: error.offset, in: source.bytes)
            throw DatasetError(file: source.path, reason: "invalid JSON at line \(location.line), column \(location.column): \(error.reason)")
        }
    }

    /// The line of each top-level key `"pmid": {`, so problems can point into the file.
    static func keyLines(_ text: String) -> [String: Int] {
        var result: [String: Int] = [:]
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            guard trimmed.first == "\"", trimmed.hasSuffix("{") else { continue }
            let key = trimmed.dropFirst().prefix { $0 != "\"" }
            if key.allSatisfy(\.isNumber), result[String(key)] == nil { result[String(key)] = index + 1 }
        }
        return result
    }
}
