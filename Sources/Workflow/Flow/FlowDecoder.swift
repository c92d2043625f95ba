import Support

/// Reads a flow document's structure: required fields, their JSON types, no unknown keys (a typo
/// in a field name is an error, not a silently ignored setting). Semantic checks (names, order,
/// files) are FlowChecker's.
struct FlowDecoder {
    var issues = IssueList()

    mutating func decode(_ document: JSONValue) -> FlowDefinition? {
        guard var top = object(document, at: .root, what: "a flow") else { return nil }
        let id = top.string("id")
        let version = top.integer("version", minimum: 1)
        let description = top.string("description")
        let inputs = top.array("inputs").map { items in
            items.compactMap { decodeInput($0.value, at: $0.path) }
        }
        let steps = top.array("steps").map { items in
            items.compactMap { decodeStep($0.value, at: $0.path, nested: false) }
        }
        var outputs: [(String, Binding, JSONPath)] = []
        if let members = top.object("outputs") {
            for name in members.keys.sorted() {
                let path = JSONPath.root.appending("outputs").appending(name)
                if let binding = binding(members[name]!, at: path, referenceOnly: true) { outputs.append((name, binding, path)) }
            }
        }
        issues.entries.append(contentsOf: top.finish())
        guard let id, let version, let description, let inputs, let steps, issues.isEmpty else { return nil }
        return FlowDefinition(id: id, version: version, description: description, inputs: inputs, steps: steps,
                              outputs: outputs.map { (name: $0.0, value: $0.1, path: $0.2) })
    }

    private mutating func decodeInput(_ value: JSONValue, at path: JSONPath) -> FlowInput? {
        guard var reader = object(value, at: path, what: "an input") else { return nil }
        let name = reader.string("name")
        _ = reader.optionalString("description")
        let schema = reader.optional("schema")
        let type = reader.optional("type")
        issues.entries.append(contentsOf: reader.finish())
        guard let name else { return nil }
        switch (schema, type) {
        case (let schema?, nil): return FlowInput(name: name, schema: schema, path: path.appending("schema"))
        case (nil, let type?): return FlowInput(name: name, schema: .object(["type": type]), path: path.appending("type"))
        case (nil, nil): issues.add(path, "an input needs \"schema\" or \"type\"")
        default: issues.add(path.appending("type"), "give \"schema\" or \"type\", not both")
        }
        return nil
    }

    private mutating func decodeStep(_ value: JSONValue, at path: JSONPath, nested: Bool) -> FlowStep? {
        guard var reader = object(value, at: path, what: "a step") else { return nil }
        let name = nested ? "" : reader.string("name")
        let kindName = reader.string("kind")
        var kind: StepKind?
        switch kindName {
        case "model"?: kind = decodeModel(&reader, at: path)
        case "map"? where !nested: kind = decodeMap(&reader, at: path)
        case "transform"?: kind = decodeTransform(&reader, at: path)
        case "score"? where !nested: kind = decodeScore(&reader, at: path)
        case let other?:
            let allowed = nested ? "model, transform" : "model, map, transform, score"
            issues.add(path.appending("kind"), "unknown step kind \"\(other)\"\(nested ? " inside a map" : "") (allowed: \(allowed))")
            reader.consumeAll()
        case nil:
            reader.consumeAll()
        }
        issues.entries.append(contentsOf: reader.finish())
        guard let name, let kind else { return nil }
        return FlowStep(name: name, kind: kind, path: path)
    }

    private mutating func decodeModel(_ reader: inout ObjectReader, at path: JSONPath) -> StepKind? {
        let template = reader.string("template")
        let system = reader.optionalString("system")
        var schema: ModelStep.SchemaSource?
        switch reader.optional("schema") {
        case .string(let file)?: schema = .file(file)
        case let inline? where inline.objectValue != nil: schema = .inline(inline)
        case let other?: issues.add(path.appending("schema"), "expected a schema file path or an inline schema object, found \(other.typeName)")
        case nil: issues.add(path.appending("schema"), "a model step needs \"schema\" (a file path or an inline schema)")
        }
        let inputs = bindings(reader.object("inputs", required: false) ?? [:], at: path.appending("inputs"))
        let sampling = decodeSampling(reader.object("sampling", required: false) ?? [:], at: path.appending("sampling"))
        let replicates = reader.optional("replicates") == nil ? 1 : reader.integer("replicates", minimum: 1)
        guard let template, let schema, let replicates else { return nil }
        return .model(ModelStep(template: template, system: system, schema: schema, inputs: inputs, sampling: sampling, replicates: replicates))
    }

    private mutating func decodeSampling(_ members: [String: JSONValue], at path: JSONPath) -> SamplingOverrides {
        var sampling = SamplingOverrides()
        for key in members.keys.sorted() {
            let value = members[key]!
            let at = path.appending(key)
            func number(_ range: ClosedRange<Double>) -> Double? {
                guard let n = value.numberValue, range.contains(n) else {
                    issues.add(at, "expected a number in \(JSONValue.number(range.lowerBound))...\(JSONValue.number(range.upperBound)), found \(value.canonicalText)")
                    return nil
                }
                return n
            }
            func integer(_ minimum: Int) -> Int? {
                guard let n = value.intValue, n >= minimum else {
                    issues.add(at, "expected an integer >= \(minimum), found \(value.canonicalText)")
                    return nil
                }
                return n
            }
            switch key {
            case "temperature": sampling.temperature = number(0...100)
            case "top_p": sampling.topP = number(0...1)
            case "top_k": sampling.topK = integer(0)
            case "max_tokens": sampling.maxTokens = integer(1)
            case "seed": sampling.seed = integer(0)
            default: issues.add(at, "unknown sampling setting \"\(key)\" (known: max_tokens, seed, temperature, top_k, top_p)")
            }
        }
        return sampling
    }

    private mutating func decodeMap(_ reader: inout ObjectReader, at path: JSONPath) -> StepKind? {
        let over = reader.optional("over").flatMap { binding($0, at: path.appending("over"), referenceOnly: true)?.reference }
        if reader.optional("over") == nil { issues.add(path.appending("over"), "a map step needs \"over\" (a reference to a list)") }
        let itemName = reader.optionalString("as") ?? "item"
        let concurrency = reader.optional("max_concurrency") == nil ? 1 : reader.integer("max_concurrency", minimum: 1)
        let nested = reader.optional("step").flatMap { decodeStep($0, at: path.appending("step"), nested: true) }
        if reader.optional("step") == nil { issues.add(path.appending("step"), "a map step needs \"step\" (the step to run for each item)") }
        guard let over, let concurrency, let nested else { return nil }
        return .map(MapStep(over: over, itemName: itemName, maxConcurrency: concurrency, step: nested))
    }

    private mutating func decodeTransform(_ reader: inout ObjectReader, at path: JSONPath) -> StepKind? {
        let function = reader.string("function")
        let arguments = bindings(reader.object("arguments") ?? [:], at: path.appending("arguments"))
        guard let function else { return nil }
        return .transform(TransformStep(function: function, arguments: arguments))
    }

    private mutating func decodeScore(_ reader: inout ObjectReader, at path: JSONPath) -> StepKind? {
        let metric = reader.string("metric")
        let prediction = reader.optional("prediction").flatMap { binding($0, at: path.appending("prediction"), referenceOnly: false) }
        if reader.optional("prediction") == nil { issues.add(path.appending("prediction"), "a score step needs \"prediction\"") }
        let reference = reader.optional("reference").flatMap { binding($0, at: path.appending("reference"), referenceOnly: true)?.reference }
        if reader.optional("reference") == nil { issues.add(path.appending("reference"), "a score step needs \"reference\" (an $inputs reference)") }
        let arguments = reader.object("arguments", required: false) ?? [:]
        guard let metric, let prediction, let reference else { return nil }
        return .score(ScoreStep(metric: metric, prediction: prediction, reference: reference, arguments: arguments))
    }

    // MARK: Values

    private mutating func bindings(_ members: [String: JSONValue], at path: JSONPath) -> [String: Binding] {
        var result: [String: Binding] = [:]
        for name in members.keys.sorted() {
            if let value = binding(members[name]!, at: path.appending(name), referenceOnly: false) { result[name] = value }
        }
        return result
    }

    private mutating func binding(_ value: JSONValue, at path: JSONPath, referenceOnly: Bool) -> Binding? {
        if case .string(let text) = value, text.hasPrefix("$") {
            if text.hasPrefix("$$") { return .literal(.string(String(text.dropFirst()))) }
            switch Reference.parse(text) {
            case .success(let reference): return .reference(reference)
            case .failure(let error):
                issues.add(path, "invalid reference \"\(text)\": \(error.reason)")
                return nil
            }
        }
        if referenceOnly {
            issues.add(path, "expected a reference ($inputs.NAME, $steps.NAME.output or $item), found \(value.canonicalText)")
            return nil
        }
        return .literal(value)
    }

    private mutating func object(_ value: JSONValue, at path: JSONPath, what: String) -> ObjectReader? {
        guard case .object(let members) = value else {
            issues.add(path, "expected \(what) as an object, found \(value.typeName)")
            return nil
        }
        return ObjectReader(members: members, path: path)
    }
}

/// Reads an object's fields by name, recording type errors, and at the end reports keys nobody read.
struct ObjectReader {
    let members: [String: JSONValue]
    let path: JSONPath
    private var read: Set<String> = []
    private var problems: [(JSONPath, String)] = []

    init(members: [String: JSONValue], path: JSONPath) {
        self.members = members
        self.path = path
    }

    mutating func optional(_ key: String) -> JSONValue? {
        read.insert(key)
        return members[key]
    }

    mutating func string(_ key: String) -> String? {
        guard let value = require(key) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else { return mismatch(key, "a non-empty string", value) }
        return text
    }

    mutating func optionalString(_ key: String) -> String? {
        guard let value = optional(key) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else { return mismatch(key, "a non-empty string", value) }
        return text
    }

    mutating func integer(_ key: String, minimum: Int) -> Int? {
        guard let value = require(key) else { return nil }
        guard let n = value.intValue, n >= minimum else { return mismatch(key, "an integer >= \(minimum)", value) }
        return n
    }

    mutating func array(_ key: String) -> [(value: JSONValue, path: JSONPath)]? {
        guard let value = require(key) else { return nil }
        guard case .array(let items) = value else { return mismatch(key, "a list", value) }
        return items.enumerated().map { ($1, path.appending(key).appending($0)) }
    }

    mutating func object(_ key: String, required: Bool = true) -> [String: JSONValue]? {
        guard let value = required ? require(key) : optional(key) else { return nil }
        guard case .object(let members) = value else { return mismatch(key, "an object", value) }
        return members
    }

    mutating func consumeAll() { read.formUnion(members.keys) }

    /// The problems recorded, plus one per key that no field read consumed.
    func finish() -> [(path: JSONPath, reason: String)] {
        let unknown = members.keys.filter { !read.contains($0) }.sorted().map {
            (path.appending($0), "unknown field \"\($0)\" (known here: \(read.sorted().joined(separator: ", ")))")
        }
        return (problems + unknown).map { (path: $0.0, reason: $0.1) }
    }

    private mutating func require(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members[key] else {
            problems.append((path.appending(key), "missing required field \"\(key)\""))
            return nil
        }
        return value
    }

    private mutating func mismatch<T>(_ key: String, _ expected: String, _ value: JSONValue) -> T? {
        problems.append((path.appending(key), "expected \(expected), found \(value.canonicalText.count > 40 ? value.typeName : value.canonicalText)"))
        return nil
    }
}
