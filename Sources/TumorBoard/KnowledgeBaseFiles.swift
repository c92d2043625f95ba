import Foundation
import Oncology

/// Knowledge-base files the user names (MOAlmanac JSON or CIViC TSV), read into one `KnowledgeBase`.
/// The format is told by the file's extension; anything else is an error naming the file.
public struct KnowledgeBaseFiles: Sendable {
    public struct Loaded: Sendable {
        public let path: String
        public let source: KBSource
        public let rowCount: Int
    }

    public let knowledgeBase: KnowledgeBase
    public let files: [Loaded]

    public init(paths: [String]) throws {
        var rows: [KBRow] = []
        var files: [Loaded] = []
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                throw TumorBoardError.knowledgeBase(path: path, reason: "no such file")
            }
            let loaded: [KBRow]
            let source: KBSource
            switch (path as NSString).pathExtension.lowercased() {
            case "json":
                loaded = try MOAlmanacLoader.read(path: path).rows
                source = .moalmanac
            case "tsv":
                loaded = try CIViCLoader.read(path: path).rows
                source = .civic
            default:
                throw TumorBoardError.knowledgeBase(path: path, reason: "unknown format: expected MOAlmanac JSON (.json) or CIViC TSV (.tsv)")
            }
            rows += loaded
            files.append(Loaded(path: path, source: source, rowCount: loaded.count))
        }
        self.knowledgeBase = KnowledgeBase(rows: rows)
        self.files = files
    }
}
