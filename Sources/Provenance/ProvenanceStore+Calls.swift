import Foundation
import Support

// MARK: Calls and the content-addressed cache

extension ProvenanceStore {
    /// Records a call the model answered (or failed), committed before it returns.
    ///
    /// - Throws: `ProvenanceError.stepNotFound` if the step was not started,
    ///   `ProvenanceError.secretLikeField` if messages or sampling hold a credential-like key,
    ///   `DatabaseError` (unique constraint) if this run already has a call at `key`.
    @discardableResult
    public func recordCall(run: RunID, key: CallKey, request: CallRequest, result: CallResult) throws -> StoredCall {
        try insertCall(run: run, key: key, request: request, result: result, cachedFrom: nil)
    }

    /// The oldest successful stored answer with this identity, from any run; nil if none.
    public func cachedCall(_ identity: CallIdentity) throws -> StoredCall? {
        try read { db in
            try db.cachedStatement("""
                SELECT \(StoredCall.columns) FROM calls
                WHERE identity = ? AND outcome IN ('valid', 'text') ORDER BY id LIMIT 1
                """).rows([.text(identity.hash.hex)]) { try StoredCall(row: $0) }.first
        }
    }

    /// Records that `key` was answered from the cache: a new call row (cache_hit = 1) with the
    /// cached call's output, pointing at it.
    @discardableResult
    public func recordCacheHit(run: RunID, key: CallKey, request: CallRequest, cached: StoredCall,
                               latencyMilliseconds: Double = 0) throws -> StoredCall {
        let identity = request.identity
        guard identity == cached.identity else {
            throw ProvenanceError.identityMismatch(expected: cached.identity, found: identity)
        }
        let result = CallResult(outcome: cached.result.outcome, reportedModel: cached.result.reportedModel,
                                promptTokens: cached.result.promptTokens, completionTokens: cached.result.completionTokens,
                                latencyMilliseconds: latencyMilliseconds)
        return try insertCall(run: run, key: key, request: request, result: result, cachedFrom: cached.number)
    }

    /// Every call of a run, in recording order.
    public func calls(run: RunID) throws -> [StoredCall] {
        try read { db in try fetchCalls(db, run: run) }
    }

    /// The calls a resumed run must not repeat, by position: every call recorded for the run.
    /// The engine decides from these which items are done (a valid answer, or a recorded final
    /// failure) and continues after the last attempt of the others.
    public func finishedCalls(run: RunID) throws -> [CallKey: StoredCall] {
        let calls = try self.calls(run: run)
        return Dictionary(calls.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func fetchCalls(_ db: Database, run: RunID) throws -> [StoredCall] {
        try db.cachedStatement("SELECT \(StoredCall.columns) FROM calls WHERE run_id = ? ORDER BY id")
            .rows([.text(run.rawValue)]) { try StoredCall(row: $0) }
    }

    private func insertCall(run: RunID, key: CallKey, request: CallRequest, result: CallResult,
                            cachedFrom: Int?) throws -> StoredCall {
        let messages = try secrets.clean(request.messages, field: "call messages")
        let sampling = try secrets.clean(request.sampling, field: "call sampling parameters")
        let outcome = result.outcome
        let parsed = outcome.parsed.map { secrets.redact($0) }
        let local = request.model.localFile
        let values: [SQLValue] = [
            .text(run.rawValue), .text(key.step), .text(key.item), SQLValue(key.attempt),
            .text(request.identity.hash.hex), .text(request.model.provider), .text(request.model.modelID),
            SQLValue(local?.sha256.hex), SQLValue(local?.quantization), SQLValue(result.reportedModel),
            .text(sampling.canonicalText), SQLValue(request.template?.id), SQLValue(request.template?.hash.hex),
            SQLValue(request.schemaHash?.hex), .text(messages.canonicalText), .text(outcome.name),
            SQLValue(secrets.redact(outcome.raw)), SQLValue(parsed?.canonicalText),
            SQLValue(secrets.redact(outcome.validationError)), SQLValue(secrets.redact(outcome.error)),
            SQLValue(result.promptTokens), SQLValue(result.completionTokens), .real(result.latencyMilliseconds),
            SQLValue(cachedFrom != nil), SQLValue(cachedFrom), .text(now()),
        ]
        return try write { db in
            _ = try requireStep(db, run: run, name: key.step)
            try db.run("""
                INSERT INTO calls (\(StoredCall.columns))
                VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, values)
            let number = db.lastInsertRowID
            let stored = try db.cachedStatement("SELECT \(StoredCall.columns) FROM calls WHERE id = ?")
                .rows([.integer(number)]) { try StoredCall(row: $0) }.first
            guard let stored else {
                throw ProvenanceError.corruptRecord(table: "calls", key: String(number), column: "id", reason: "not found after insert")
            }
            return stored
        }
    }
}
