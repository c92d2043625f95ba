import Exams
import Foundation
import Support

/// Where a run's question set comes from, recorded with the run so that a resume, a report or a
/// rescoring loads the same set again (and checks its sha256 against the recorded one).
public enum DatasetReference: Equatable, Sendable {
    /// A shipped set by `ExamRegistry` name, under `root` in `layout`.
    case registry(name: String, root: String, layout: ExamRegistry.Layout)
    /// A user's own file in the generic format (`GenericAdapter`).
    case file(path: String, redactText: Bool)

    /// A registry name or a file path: names in `ExamRegistry.names` are shipped sets; anything else
    /// is read as a file. `root`'s layout is `full` when it holds the full PubMedQA file, else `subset`.
    public static func resolve(_ text: String, root: String, redactText: Bool) -> DatasetReference {
        if ExamRegistry.names.contains(text) {
            let full = FileManager.default.fileExists(atPath: "\(root)/pubmedqa/ori_pqal.json")
            return .registry(name: text, root: absolute(root), layout: full ? .full : .subset)
        }
        return .file(path: absolute(text), redactText: redactText)
    }

    public func load() throws -> DatasetLoad {
        switch self {
        case .registry(let name, let root, let layout):
            return try ExamRegistry(root: root, layout: layout).load(name)
        case .file(let path, let redactText):
            let base = (path as NSString).lastPathComponent
            let name = (base as NSString).deletingPathExtension
            return try GenericAdapter.load(path: path, name: name, redactText: redactText)
        }
    }

    /// The k-shot exemplars the set has, by the tag that groups them: MMLU's dev split, by subject.
    /// nil for sets without exemplars.
    public func exemplars() throws -> ExemplarPool? {
        guard case .registry(let name, let root, let layout) = self, name == "mmlu-medical-test" else { return nil }
        let load = try ExamRegistry(root: root, layout: layout).load("mmlu-medical-dev")
        return ExemplarPool(tag: "subject", dataset: load.dataset)
    }

    public var json: JSONValue {
        switch self {
        case .registry(let name, let root, let layout):
            return ["registry": .string(name), "root": .string(root), "layout": .string(layout == .full ? "full" : "subset")]
        case .file(let path, let redactText):
            return ["file": .string(path), "redactText": .bool(redactText)]
        }
    }

    public init(json: JSONValue) throws {
        if let name = json["registry"]?.stringValue {
            guard let root = json["root"]?.stringValue, let layout = json["layout"]?.stringValue,
                  layout == "full" || layout == "subset" else {
                throw ExamRunError.corruptRecord(field: "dataset", reason: "a registry set needs root and layout full|subset")
            }
            self = .registry(name: name, root: root, layout: layout == "full" ? .full : .subset)
        } else if let path = json["file"]?.stringValue {
            self = .file(path: path, redactText: json["redactText"]?.boolValue ?? true)
        } else {
            throw ExamRunError.corruptRecord(field: "dataset", reason: "neither registry nor file")
        }
    }

    private static func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}

/// Solved examples shown before each item (k-shot), chosen by the item's value of `tag`, first k
/// in file order, so every run with the same k shows the same exemplars.
public struct ExemplarPool: Sendable {
    public let tag: String
    public let dataset: ExamDataset

    public func exemplars(for item: ExamItem, shots: Int) -> [ExamItem] {
        guard shots > 0, let value = item.tags[tag] else { return [] }
        return Array(dataset.items(tag: tag, value: value).prefix(shots))
    }
}
