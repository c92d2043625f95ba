import Support

// MARK: Export as W3C PROV-JSON

extension ProvenanceStore {
    /// The run as a W3C PROV-JSON document, for provenance tools.
    ///
    /// Activities: the run, each step, each call. Entities: artifacts (inputs, reference data,
    /// outputs) and rendered prompts and templates, all named by content hash, plus each call's
    /// output. Agents: Consilium, each model, each provider. Relations: the run used its inputs;
    /// a call used its prompt and template, generated its output, was associated with its model
    /// and informed by its step (a step by its run); a cached output was derived from the output
    /// it reuses; a model acted on behalf of its provider.
    public func exportPROV(_ id: RunID) throws -> JSONValue {
        let record = try snapshot(id)
        var doc = PROVDocument()
        doc.prefix("consilium", "urn:consilium:ns#")
        doc.prefix("run", "urn:consilium:run:")
        doc.prefix("sha256", "urn:consilium:sha256:")
        doc.prefix("model", "urn:consilium:model:")
        doc.prefix("provider", "urn:consilium:provider:")

        let run = record.run
        let runID = "run:" + PROVDocument.local(run.id.rawValue)
        var runAttributes: [String: JSONValue] = [
            "prov:type": PROVDocument.qualifiedName("consilium:Run"), "prov:startTime": PROVDocument.dateTime(run.createdAt),
            "consilium:flow": .string(run.flowID), "consilium:flowVersion": .string(run.flowVersion),
            "consilium:flowHash": .string(run.flowHash.hex), "consilium:status": .string(run.status.rawValue),
            "consilium:parameters": .string(run.parameters.canonicalText),
        ]
        if let end = run.finishedAt { runAttributes["prov:endTime"] = PROVDocument.dateTime(end) }
        doc.add("activity", runID, runAttributes)
        let software = "consilium:consilium-" + PROVDocument.local(run.consiliumVersion)
        doc.add("agent", software, ["prov:type": PROVDocument.qualifiedName("prov:SoftwareAgent"),
                                    "consilium:version": .string(run.consiliumVersion)])
        doc.relate("wasAssociatedWith", ["prov:activity": .string(runID), "prov:agent": .string(software)])

        for step in record.steps { addStep(step, runID: runID, to: &doc) }
        for artifact in record.artifacts { addArtifact(artifact, runID: runID, to: &doc) }
        for call in record.calls { try addCall(call, runID: runID, to: &doc) }
        return doc.json
    }

    private func stepID(_ runID: String, _ step: String) -> String { runID + "/step/" + PROVDocument.local(step) }

    private func addStep(_ step: StepRecord, runID: String, to doc: inout PROVDocument) {
        let id = stepID(runID, step.name)
        var attributes: [String: JSONValue] = [
            "prov:type": PROVDocument.qualifiedName("consilium:Step"), "prov:label": .string(step.name),
            "prov:startTime": PROVDocument.dateTime(step.startedAt), "consilium:kind": .string(step.kind),
            "consilium:status": .string(step.status.rawValue),
        ]
        if let end = step.finishedAt { attributes["prov:endTime"] = PROVDocument.dateTime(end) }
        if let error = step.error { attributes["consilium:error"] = .string(error) }
        doc.add("activity", id, attributes)
        doc.relate("wasInformedBy", ["prov:informed": .string(id), "prov:informant": .string(runID)])
    }

    private func addArtifact(_ link: ArtifactLink, runID: String, to doc: inout PROVDocument) {
        let entity = "sha256:" + link.hash.hex
        doc.add("entity", entity, ["prov:type": PROVDocument.qualifiedName("consilium:Artifact"),
                                   "consilium:mediaType": .string(link.mediaType), "consilium:size": .number(Double(link.size))])
        let activity = link.step.map { stepID(runID, $0) } ?? runID
        let role: JSONValue = .string(link.role.rawValue + ":" + link.name)
        switch link.role {
        case .input, .reference:
            doc.relate("used", ["prov:activity": .string(activity), "prov:entity": .string(entity), "prov:role": role])
        case .output, .intermediate:
            doc.relate("wasGeneratedBy", ["prov:entity": .string(entity), "prov:activity": .string(activity), "prov:role": role])
        }
    }

    private func addCall(_ call: StoredCall, runID: String, to doc: inout PROVDocument) throws {
        let id = runID + "/call/\(call.number)"
        let model = call.request.model
        var attributes: [String: JSONValue] = [
            "prov:type": PROVDocument.qualifiedName("consilium:ModelCall"), "prov:endTime": PROVDocument.dateTime(call.createdAt),
            "consilium:step": .string(call.key.step), "consilium:item": .string(call.key.item),
            "consilium:attempt": .number(Double(call.key.attempt)), "consilium:identity": .string(call.identity.hash.hex),
            "consilium:outcome": .string(call.result.outcome.name), "consilium:cacheHit": .bool(call.cacheHit),
            "consilium:latencyMs": .number(call.result.latencyMilliseconds),
            "consilium:sampling": .string(call.request.sampling.canonicalText),
        ]
        if let tokens = call.result.promptTokens { attributes["consilium:promptTokens"] = .number(Double(tokens)) }
        if let tokens = call.result.completionTokens { attributes["consilium:completionTokens"] = .number(Double(tokens)) }
        if let error = call.result.outcome.error { attributes["consilium:error"] = .string(error) }
        doc.add("activity", id, attributes)
        doc.relate("wasInformedBy", ["prov:informed": .string(id), "prov:informant": .string(stepID(runID, call.key.step))])

        // The agents: the model, acting for its provider.
        let providerID = "provider:" + PROVDocument.local(model.provider)
        let modelID = "model:" + PROVDocument.local(model.provider + "/" + model.modelID)
        var modelAttributes: [String: JSONValue] = ["prov:type": PROVDocument.qualifiedName("prov:SoftwareAgent"),
                                                    "prov:label": .string(model.modelID)]
        if let file = model.localFile {
            modelAttributes["consilium:sha256"] = .string(file.sha256.hex)
            modelAttributes["consilium:quantization"] = .string(file.quantization)
        }
        doc.add("agent", providerID, ["prov:type": PROVDocument.qualifiedName("prov:SoftwareAgent"),
                                      "prov:label": .string(model.provider)])
        doc.add("agent", modelID, modelAttributes)
        doc.relate("actedOnBehalfOf", ["prov:delegate": .string(modelID), "prov:responsible": .string(providerID)])
        var association: [String: JSONValue] = ["prov:activity": .string(id), "prov:agent": .string(modelID)]
        if let reported = call.result.reportedModel { association["consilium:reportedModel"] = .string(reported) }
        doc.relate("wasAssociatedWith", association)

        // What the call used: the rendered prompt and the template, both by content hash.
        let prompt = "sha256:" + ContentHash.of(call.request.messages).hex
        doc.add("entity", prompt, ["prov:type": PROVDocument.qualifiedName("consilium:RenderedPrompt"),
                                   "consilium:messages": .string(call.request.messages.canonicalText)])
        doc.relate("used", ["prov:activity": .string(id), "prov:entity": .string(prompt), "prov:role": "prompt"])
        if let template = call.request.template {
            let entity = "sha256:" + template.hash.hex
            doc.add("entity", entity, ["prov:type": PROVDocument.qualifiedName("consilium:Template"),
                                       "prov:label": .string(template.id)])
            doc.relate("used", ["prov:activity": .string(id), "prov:entity": .string(entity), "prov:role": "template"])
        }

        // What it generated: its output (raw and parsed), even a failed call's partial output.
        guard let raw = call.result.outcome.raw else { return }
        let output = id + "/output"
        var outputAttributes: [String: JSONValue] = ["prov:type": PROVDocument.qualifiedName("consilium:ModelOutput"),
                                                     "consilium:raw": .string(raw),
                                                     "consilium:sha256": .string(ContentHash.of(raw).hex)]
        if let parsed = call.result.outcome.parsed { outputAttributes["consilium:parsed"] = .string(parsed.canonicalText) }
        doc.add("entity", output, outputAttributes)
        doc.relate("wasGeneratedBy", ["prov:entity": .string(output), "prov:activity": .string(id)])
        if let source = call.cachedFrom {
            // The cached call may belong to another run; its output is named by its own run.
            let sourceRun = try cachedCallRun(source) ?? call.runID.rawValue
            let sourceOutput = "run:" + PROVDocument.local(sourceRun) + "/call/\(source)/output"
            doc.add("entity", sourceOutput, ["prov:type": PROVDocument.qualifiedName("consilium:ModelOutput")])
            doc.relate("wasDerivedFrom", ["prov:generatedEntity": .string(output), "prov:usedEntity": .string(sourceOutput)])
        }
    }

    private func cachedCallRun(_ number: Int) throws -> String? {
        try read { db in
            try db.cachedStatement("SELECT run_id FROM calls WHERE id = ?").rows([SQLValue(number)]) { try $0.text(at: 0) }.first
        }
    }
}
