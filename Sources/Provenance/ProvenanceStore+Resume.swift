// MARK: Resuming an interrupted run

/// What a run had recorded when it stopped: enough to continue without repeating a call.
public struct ResumePoint: Equatable, Sendable {
    public let run: RunRecord
    public let steps: [StepRecord]
    /// Every recorded call, by position in the run.
    public let calls: [CallKey: StoredCall]
}

extension ProvenanceStore {
    /// The run's recorded state, if it can be resumed: it is running (its process died without
    /// saying so), interrupted or failed. Changes nothing.
    ///
    /// - Throws: `runNotFound`, or `runNotResumable` for a run that succeeded.
    public func resumableRun(_ id: RunID) throws -> ResumePoint {
        try read { db in
            // One snapshot, so the steps and calls belong to the same moment as the run row.
            try db.transaction(.deferred) { try resumePoint(db, id) }
        }
    }

    /// Sets the run running again and returns its recorded state.
    public func resumeRun(_ id: RunID) throws -> ResumePoint {
        try write { db in
            let point = try resumePoint(db, id)
            try db.run("UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ?", [.text(id.rawValue)])
            guard let run = try fetchRun(db, id) else { throw ProvenanceError.runNotFound(id) }
            return ResumePoint(run: run, steps: point.steps, calls: point.calls)
        }
    }

    private func resumePoint(_ db: Database, _ id: RunID) throws -> ResumePoint {
        let run = try requireRun(db, id)
        guard run.status != .succeeded else { throw ProvenanceError.runNotResumable(id, status: run.status) }
        let steps = try db.cachedStatement("SELECT \(StepRecord.columns) FROM steps WHERE run_id = ? ORDER BY started_at, name")
            .rows([.text(id.rawValue)]) { try StepRecord(row: $0) }
        let calls = try fetchCalls(db, run: id)
        return ResumePoint(run: run, steps: steps,
                           calls: Dictionary(calls.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first }))
    }
}
