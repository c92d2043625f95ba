import Foundation
import Support

/// Reading rubric files (`Prompts/rubrics/NAME.json`), checked by hand against the shape below so
/// that every problem is named by file and JSON path, all of them at once:
///
///     {"format": "consilium.rubric", "version": 1, "name": "...", "title": "...",
///      "pick": {"id": "most_useful", "question": "..."},                      (optional)
///      "dimensions": [{"id": "correctness", "question": "...", "scale": {"min": 1, "max": 4},
///                      "anchors": {"1": "...", "4": "..."}}]}                  (anchors optional)
extension Rubric {
    /// A rubric named `NAME` is `rubrics/NAME.json` under `promptsRoot`; anything ending in `.json`
    /// or holding a `/` is a file path.
    public static func resolve(_ reference: String, promptsRoot: URL) throws -> Rubric {
        if reference.hasSuffix(".json") || reference.contains("/") { return try read(path: reference) }
        return try read(path: promptsRoot.appendingPathComponent("rubrics/\(reference).json").path)
    }

    public static func read(path: String) throws -> Rubric {
        let name = (path as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RatingsInputError(source: path, location: "file", reason: "cannot read the rubric (give a name under Prompts/rubrics or a .json file)")
        }
        let value: JSONValue
        do { value = try JSONValue(parsing: data) } catch {
            throw RatingsInputError(source: name, location: "$", reason: "not JSON: \(error)")
        }
        return try read(value, source: name)
    }

    /// Every problem of the object, each named by its JSON path, thrown together as `RatingsInputErrors`.
    public static func read(_ value: JSONValue, source: String) throws -> Rubric {
        var problems: [(path: String, reason: String)] = []
        func fail(_ path: String, _ reason: String) { problems.append((path, reason)) }
        func unknownKeys(_ object: JSONValue, _ path: String, allowed: Set<String>) {
            for key in (object.objectValue ?? [:]).keys.sorted() where !allowed.contains(key) {
                fail("\(path).\(key)", "unknown field (expected \(allowed.sorted().joined(separator: ", ")))")
            }
        }
        func text(_ object: JSONValue, _ key: String, _ path: String) -> String {
            guard let found = object[key] else { fail("\(path).\(key)", "missing (expected text)"); return "" }
            guard let s = found.stringValue else { fail("\(path).\(key)", "expected text, found \(found.typeName)"); return "" }
            return s
        }
        guard value.objectValue != nil else {
            throw RatingsInputError(source: source, location: "$", reason: "expected an object, found \(value.typeName)")
        }
        unknownKeys(value, "$", allowed: ["format", "version", "name", "title", "pick", "dimensions"])
        if value["format"]?.stringValue != format { fail("$.format", "expected \"\(format)\", found \(value["format"]?.description ?? "nothing")") }
        if value["version"]?.intValue != version { fail("$.version", "expected \(version), found \(value["version"]?.description ?? "nothing")") }
        let name = text(value, "name", "$")
        let title = text(value, "title", "$")
        var pick: Pick?
        if let p = value["pick"], !p.isNull {
            if p.objectValue == nil {
                fail("$.pick", "expected an object {id, question} or null, found \(p.typeName)")
            } else {
                unknownKeys(p, "$.pick", allowed: ["id", "question"])
                pick = Pick(id: text(p, "id", "$.pick"), question: text(p, "question", "$.pick"))
            }
        }
        var dimensions: [Dimension] = []
        if let list = value["dimensions"]?.arrayValue {
            for (i, entry) in list.enumerated() {
                let path = "$.dimensions[\(i)]"
                guard entry.objectValue != nil else { fail(path, "expected an object, found \(entry.typeName)"); continue }
                unknownKeys(entry, path, allowed: ["id", "question", "scale", "anchors"])
                let id = text(entry, "id", path), question = text(entry, "question", path)
                guard let low = entry["scale"]?["min"]?.intValue, let high = entry["scale"]?["max"]?.intValue,
                      let scale = RatingScale(minimum: low, maximum: high) else {
                    fail("\(path).scale", "expected {\"min\": m, \"max\": n} with integers m < n, found \(entry["scale"]?.description ?? "nothing")")
                    continue
                }
                var anchors: [Int: String] = [:]
                if let a = entry["anchors"], !a.isNull {
                    guard let members = a.objectValue else { fail("\(path).anchors", "expected an object {\"point\": text}, found \(a.typeName)"); continue }
                    for (key, anchor) in members.sorted(by: { $0.key < $1.key }) {
                        guard let point = Int(key) else { fail("\(path).anchors.\(key)", "\"\(key)\" is not a whole number"); continue }
                        guard let s = anchor.stringValue else { fail("\(path).anchors.\(key)", "expected text, found \(anchor.typeName)"); continue }
                        anchors[point] = s
                    }
                }
                dimensions.append(Dimension(id: id, question: question, scale: scale, anchors: anchors))
            }
        } else {
            fail("$.dimensions", "expected a list of dimensions, found \(value["dimensions"]?.typeName ?? "nothing")")
        }
        // The structural checks of `init`, reported with the file's name; skipped when a
        // dimension was left out above, since its indices would no longer match the file's.
        if dimensions.count == value["dimensions"]?.arrayValue?.count ?? -1 {
            problems += Self.problems(dimensions: dimensions, pick: pick)
        }
        guard problems.isEmpty else {
            throw RatingsInputErrors(problems.map { RatingsInputError(source: source, location: $0.path, reason: $0.reason) })
        }
        return try Rubric(name: name, title: title, dimensions: dimensions, pick: pick)
    }
}
