import Foundation
import Support

/// A source file's bytes, its text and its sha256, read once.
struct SourceText {
    let path: String
    let text: String
    let bytes: [UInt8]
    let sha256: ContentHash

    init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DatasetError(file: path, reason: "cannot be read (missing or not a file)")
        }
        bytes = [UInt8](data)
        guard let text = String(bytes: bytes, encoding: .utf8) else {
            throw DatasetError(file: path, reason: "is not UTF-8 text")
        }
        self.path = path
        self.text = text
        sha256 = ContentHash.of(bytes)
    }

    var source: ExamDataset.SourceFile { ExamDataset.SourceFile(path: path, sha256: sha256) }

    /// Non-blank lines with their 1-based line numbers, for JSON-lines files. A final line without
    /// its newline is kept (a truncated last record then fails to parse and is reported).
    var numberedLines: [(line: Int, text: Substring)] {
        var result: [(Int, Substring)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.hasSuffix("\r") ? line.dropLast() : line
            if trimmed.allSatisfy(\.isWhitespace) { continue }
            result.append((index + 1, trimmed))
        }
        return result
    }
}

/// Collects items and problems while an adapter reads, dropping a duplicate id (the first wins).
struct ItemCollector {
    let file: String
    private(set) var items: [ExamItem] = []
    private(set) var problems: [LoadProblem] = []
    private var seen: [String: Int?] = [:]

    init(file: String) { self.file = file }

    mutating func add(line: Int?, id: String?, _ make: () throws -> ExamItem) {
        do {
            let item = try make()
            if let firstLine = seen[item.id] {
                let where_ = firstLine.map { " (first at line \($0))" } ?? ""
                problems.append(LoadProblem(file: file, line: line, itemID: item.id, reason: "duplicate id\(where_); this copy is left out"))
                return
            }
            seen[item.id] = line
            items.append(item)
        } catch {
            problems.append(LoadProblem(file: file, line: line, itemID: id, reason: "\(error)"))
        }
    }

    mutating func problem(line: Int?, id: String?, _ reason: String) {
        problems.append(LoadProblem(file: file, line: line, itemID: id, reason: reason))
    }

    mutating func append(_ other: ItemCollector) {
        for item in other.items {
            if seen[item.id] != nil {
                problems.append(LoadProblem(file: other.file, line: nil, itemID: item.id,
                                            reason: "duplicate id across files; this copy is left out"))
                continue
            }
            seen[item.id] = Optional<Int>.none
            items.append(item)
        }
        problems += other.problems
    }
}

/// A JSON field as text: strings as they are, numbers without a trailing ".0".
func jsonText(_ value: JSONValue?) -> String? {
    switch value {
    case .string(let s): return s
    case .number: return value?.intValue.map(String.init) ?? value.map { "\($0)" }
    default: return nil
    }
}
