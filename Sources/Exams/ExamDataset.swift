import Support

/// A loaded question set: its items and what identifies it in provenance.
public struct ExamDataset: Sendable {
    /// A short name such as "medqa-usmle-4opt".
    public let name: String
    /// The adapter that read it, such as "medqa-jsonl".
    public let format: String
    /// The files read, each with its sha256: a run's numbers belong to exactly these bytes.
    public let sources: [SourceFile]
    public let items: [ExamItem]
    /// Copyrighted sets (a user's own TXIT copy): reports print ids and numbers, never item text,
    /// unless the caller asks for text explicitly.
    public let redactText: Bool

    public struct SourceFile: Hashable, Sendable {
        public let path: String
        public let sha256: ContentHash
    }

    /// One hash over the sources' hashes in order: the dataset's identity.
    public var identity: ContentHash {
        ContentHash.of(sources.map { "\($0.sha256.hex)  \(fileName($0.path))" }.joined(separator: "\n"))
    }

    public init(name: String, format: String, sources: [SourceFile], items: [ExamItem], redactText: Bool) {
        self.name = name
        self.format = format
        self.sources = sources
        self.items = items
        self.redactText = redactText
    }

    /// The items carrying `tag` = `value`.
    public func items(tag: String, value: String) -> [ExamItem] { items.filter { $0.tags[tag] == value } }
}

/// A dataset and every item that could not be loaded, with where and why.
public struct DatasetLoad: Sendable {
    public let dataset: ExamDataset
    public let problems: [LoadProblem]
}

/// One item (or line) left out of a load: file, 1-based line (nil where the format has no lines
/// for items, such as one JSON object), the item id when known, and the reason.
public struct LoadProblem: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int?
    public let itemID: String?
    public let reason: String

    public init(file: String, line: Int?, itemID: String?, reason: String) {
        self.file = file
        self.line = line
        self.itemID = itemID
        self.reason = reason
    }

    public var description: String {
        var place = fileName(file)
        if let line { place += ":\(line)" }
        if let itemID { place += " (item \(itemID))" }
        return "\(place): \(reason)"
    }
}

/// Why a whole file could not be read (not one item): missing, unreadable, not JSON at all.
public struct DatasetError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let reason: String
    public var description: String { "\(file): \(reason)" }
}

func fileName(_ path: String) -> String {
    path.split(separator: "/").last.map(String.init) ?? path
}
