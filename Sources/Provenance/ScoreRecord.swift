import Support

/// One metric value of a run's score step, for one item or (item "") the whole step.
public struct ScoreRecord: Equatable, Sendable {
    public let runID: RunID
    public let step: String
    public let item: String
    public let metric: String
    public let value: Double
    public let details: JSONValue
    public let createdAt: String

    static let columns = "run_id, step_name, item_key, metric, value, details_json, created_at"

    init(row: Statement) throws {
        let reader = RowReader(row: row, table: "scores", key: try row.text(at: 0) + "/" + row.text(at: 3))
        runID = RunID(try row.text(at: 0))
        step = try row.text(at: 1)
        item = try row.text(at: 2)
        metric = try row.text(at: 3)
        value = try row.double(at: 4)
        details = try reader.json(at: 5)
        createdAt = try row.text(at: 6)
    }
}
