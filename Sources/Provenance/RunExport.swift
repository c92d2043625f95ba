import Support

// MARK: Export as one JSON document

extension ProvenanceStore {
    /// Everything recorded about a run as one JSON document: the run, its steps, every call
    /// (request, raw and parsed output, tokens, latency, cache origin), artifact references (by
    /// hash; the bytes stay in the store) and scores. Read in one snapshot.
    public func exportRun(_ id: RunID) throws -> JSONValue {
        let record = try snapshot(id)
        return .object([
            "format": "consilium.run-export",
            "formatVersion": 1,
            "schemaVersion": .number(Double(ProvenanceStore.schemaVersion)),
            "run": record.run.json,
            "steps": .array(record.steps.map(\.json)),
            "calls": .array(record.calls.map(\.json)),
            "artifacts": .array(record.artifacts.map(\.json)),
            "scores": .array(record.scores.map(\.json)),
        ])
    }

    /// A run and all its rows, read in one transaction.
    func snapshot(_ id: RunID) throws -> RunSnapshot {
        try read { db in
            try db.transaction(.deferred) {
                let run = try requireRun(db, id)
                let key: [SQLValue] = [.text(id.rawValue)]
                return RunSnapshot(
                    run: run,
                    steps: try db.cachedStatement("SELECT \(StepRecord.columns) FROM steps WHERE run_id = ? ORDER BY started_at, name")
                        .rows(key) { try StepRecord(row: $0) },
                    calls: try fetchCalls(db, run: id),
                    artifacts: try db.cachedStatement(ArtifactLink.query).rows(key) { try ArtifactLink(row: $0) },
                    scores: try db.cachedStatement("SELECT \(ScoreRecord.columns) FROM scores WHERE run_id = ? ORDER BY id")
                        .rows(key) { try ScoreRecord(row: $0) })
            }
        }
    }
}

struct RunSnapshot {
    let run: RunRecord
    let steps: [StepRecord]
    let calls: [StoredCall]
    let artifacts: [ArtifactLink]
    let scores: [ScoreRecord]
}

// MARK: JSON forms of the records

private func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
private func optional(_ number: Int?) -> JSONValue { number.map { .number(Double($0)) } ?? .null }

extension RunRecord {
    var json: JSONValue {
        .object([
            "id": .string(id.rawValue), "flowId": .string(flowID), "flowVersion": .string(flowVersion),
            "flowHash": .string(flowHash.hex), "createdAt": .string(createdAt), "finishedAt": optional(finishedAt),
            "status": .string(status.rawValue), "inputsHash": .string(inputsHash.hex), "parameters": parameters,
            "consiliumVersion": .string(consiliumVersion),
        ])
    }
}

extension StepRecord {
    var json: JSONValue {
        .object([
            "name": .string(name), "kind": .string(kind), "status": .string(status.rawValue),
            "startedAt": .string(startedAt), "finishedAt": optional(finishedAt), "error": optional(error),
        ])
    }
}

extension StoredCall {
    var json: JSONValue {
        let model = request.model
        let outcome = result.outcome
        return .object([
            "number": .number(Double(number)), "step": .string(key.step), "item": .string(key.item),
            "attempt": .number(Double(key.attempt)), "identity": .string(identity.hash.hex),
            "provider": .string(model.provider), "modelId": .string(model.modelID),
            "modelSha256": optional(model.localFile?.sha256.hex), "quantization": optional(model.localFile?.quantization),
            "reportedModel": optional(result.reportedModel), "sampling": request.sampling,
            "templateId": optional(request.template?.id), "templateHash": optional(request.template?.hash.hex),
            "schemaHash": optional(request.schemaHash?.hex), "messages": request.messages,
            "outcome": .string(outcome.name), "rawOutput": optional(outcome.raw), "parsedOutput": outcome.parsed ?? .null,
            "validationError": optional(outcome.validationError), "error": optional(outcome.error),
            "promptTokens": optional(result.promptTokens), "completionTokens": optional(result.completionTokens),
            "latencyMs": .number(result.latencyMilliseconds), "cacheHit": .bool(cacheHit),
            "cachedFrom": optional(cachedFrom), "createdAt": .string(createdAt),
        ])
    }
}

extension ArtifactLink {
    var json: JSONValue {
        .object([
            "role": .string(role.rawValue), "name": .string(name), "hash": .string(hash.hex),
            "step": optional(step), "mediaType": .string(mediaType), "size": .number(Double(size)),
        ])
    }
}

extension ScoreRecord {
    var json: JSONValue {
        .object([
            "step": .string(step), "item": .string(item), "metric": .string(metric), "value": .number(value),
            "details": details, "createdAt": .string(createdAt),
        ])
    }
}
