import Foundation
import Support

/// A run's id: what `--resume RUN_ID` takes. New ids are lowercase UUIDs.
public struct RunID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public static func generate() -> RunID { RunID(UUID().uuidString.lowercased()) }
    public var description: String { rawValue }
    public static func < (a: RunID, b: RunID) -> Bool { a.rawValue < b.rawValue }
}

public enum RunStatus: String, Sendable, CaseIterable {
    /// Started and not ended; after a crash it stays so until resumed or marked interrupted.
    case running
    case interrupted
    case succeeded
    case failed
}

/// How a run ends; `running` and `interrupted` are not endings.
public enum RunEnd: String, Sendable {
    case succeeded
    case failed

    var status: RunStatus { self == .succeeded ? .succeeded : .failed }
}

/// What a new run is: the flow (by id, version and content hash), its inputs and parameters.
public struct RunSpec: Sendable {
    public var id: RunID
    public var flowID: String
    public var flowVersion: String
    public var flowHash: ContentHash
    /// Stored as an input artifact under its content hash; the run records the hash.
    public var inputs: JSONValue
    public var parameters: JSONValue
    public var consiliumVersion: String

    public init(id: RunID = .generate(), flowID: String, flowVersion: String, flowHash: ContentHash,
                inputs: JSONValue, parameters: JSONValue, consiliumVersion: String) {
        self.id = id
        self.flowID = flowID
        self.flowVersion = flowVersion
        self.flowHash = flowHash
        self.inputs = inputs
        self.parameters = parameters
        self.consiliumVersion = consiliumVersion
    }
}

/// A run as stored.
public struct RunRecord: Equatable, Sendable {
    public let id: RunID
    public let flowID: String
    public let flowVersion: String
    public let flowHash: ContentHash
    public let createdAt: String
    public let finishedAt: String?
    public let status: RunStatus
    public let inputsHash: ContentHash
    public let parameters: JSONValue
    public let consiliumVersion: String

    static let columns = """
        id, flow_id, flow_version, flow_hash, created_at, finished_at, status, inputs_hash, parameters_json, consilium_version
        """

    init(row: Statement) throws {
        let reader = RowReader(row: row, table: "runs", key: try row.text(at: 0))
        id = RunID(try row.text(at: 0))
        flowID = try row.text(at: 1)
        flowVersion = try row.text(at: 2)
        flowHash = try reader.hash(at: 3)
        createdAt = try row.text(at: 4)
        finishedAt = try row.optionalText(at: 5)
        status = try reader.enumValue(RunStatus.self, at: 6)
        inputsHash = try reader.hash(at: 7)
        parameters = try reader.json(at: 8)
        consiliumVersion = try row.text(at: 9)
    }
}
