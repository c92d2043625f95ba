import Support

/// Where a call sits in its run: step, item of a map (empty for single calls) and attempt
/// (1, then 2, 3 for re-asks after an invalid answer).
public struct CallKey: Hashable, Sendable, CustomStringConvertible {
    public let step: String
    public let item: String
    public let attempt: Int

    public init(step: String, item: String = "", attempt: Int = 1) {
        self.step = step
        self.item = item
        self.attempt = attempt
    }

    public var description: String { item.isEmpty ? "\(step)#\(attempt)" : "\(step)[\(item)]#\(attempt)" }
}

/// A call as committed to the store.
public struct StoredCall: Equatable, Sendable {
    /// The call's row number: unique in the database, increasing in recording order.
    public let number: Int
    public let runID: RunID
    public let key: CallKey
    public let identity: CallIdentity
    public let request: CallRequest
    public let result: CallResult
    /// True when the answer was served from `cachedFrom` rather than by the model.
    public let cacheHit: Bool
    public let cachedFrom: Int?
    public let createdAt: String

    static let columns = """
        id, run_id, step_name, item_key, attempt, identity, provider, model_id, model_sha256, quantization,
        reported_model, sampling_json, template_id, template_hash, schema_hash, messages_json, outcome, raw_output,
        parsed_output_json, validation_error, error, prompt_tokens, completion_tokens, latency_ms, cache_hit,
        cached_from, created_at
        """

    init(row: Statement) throws {
        let number = try row.int(at: 0)
        let reader = RowReader(row: row, table: "calls", key: String(number))
        self.number = number
        runID = RunID(try row.text(at: 1))
        key = CallKey(step: try row.text(at: 2), item: try row.text(at: 3), attempt: try row.int(at: 4))
        identity = CallIdentity(hash: try reader.hash(at: 5))
        var localFile: ModelIdentity.LocalFile?
        if let sha = try reader.optionalHash(at: 8) {
            guard let quantization = try row.optionalText(at: 9) else { throw reader.corrupt(9, "a local model needs its quantization") }
            localFile = .init(sha256: sha, quantization: quantization)
        }
        let model = ModelIdentity(provider: try row.text(at: 6), modelID: try row.text(at: 7), localFile: localFile)
        var template: TemplateRef?
        if let templateID = try row.optionalText(at: 12) {
            template = TemplateRef(id: templateID, hash: try reader.hash(at: 13))
        }
        request = CallRequest(model: model, messages: try reader.json(at: 15), sampling: try reader.json(at: 11),
                              template: template, schemaHash: try reader.optionalHash(at: 14))
        let outcomeName = try row.text(at: 16)
        guard let outcome = CallOutcome(name: outcomeName, raw: try row.optionalText(at: 17),
                                        parsed: try reader.optionalJSON(at: 18),
                                        validationError: try row.optionalText(at: 19), error: try row.optionalText(at: 20))
        else { throw reader.corrupt(16, "outcome '\(outcomeName)' lacks the columns it needs") }
        result = CallResult(outcome: outcome, reportedModel: try row.optionalText(at: 10),
                            promptTokens: try row.optionalInt(at: 21), completionTokens: try row.optionalInt(at: 22),
                            latencyMilliseconds: try row.double(at: 23))
        cacheHit = try row.int(at: 24) == 1
        cachedFrom = try row.optionalInt(at: 25)
        createdAt = try row.text(at: 26)
    }
}
