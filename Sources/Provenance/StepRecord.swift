public enum StepStatus: String, Sendable, CaseIterable {
    case running
    case succeeded
    case failed
    case skipped
}

/// How a step ends: a failure always says why.
public enum StepEnd: Sendable, Equatable {
    case succeeded
    case failed(error: String)
    case skipped

    var status: StepStatus {
        switch self {
        case .succeeded: return .succeeded
        case .failed: return .failed
        case .skipped: return .skipped
        }
    }

    var error: String? {
        if case .failed(let error) = self { return error }
        return nil
    }
}

/// A step of a run as stored. A step is started (a row exists) before any of its calls are recorded.
public struct StepRecord: Equatable, Sendable {
    public let runID: RunID
    public let name: String
    public let kind: String
    public let status: StepStatus
    public let startedAt: String
    public let finishedAt: String?
    public let error: String?

    static let columns = "run_id, name, kind, status, started_at, finished_at, error"

    init(row: Statement) throws {
        let reader = RowReader(row: row, table: "steps", key: try row.text(at: 0) + "/" + row.text(at: 1))
        runID = RunID(try row.text(at: 0))
        name = try row.text(at: 1)
        kind = try row.text(at: 2)
        status = try reader.enumValue(StepStatus.self, at: 3)
        startedAt = try row.text(at: 4)
        finishedAt = try row.optionalText(at: 5)
        error = try row.optionalText(at: 6)
    }
}
