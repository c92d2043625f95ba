import Support

/// The values references resolve against during a run: the flow's inputs, the outputs of the
/// steps finished so far, and inside a map the current element.
public struct EvaluationScope: Sendable {
    public var inputs: [String: JSONValue]
    public var outputs: [String: JSONValue]
    public var item: JSONValue?

    public init(inputs: [String: JSONValue], outputs: [String: JSONValue] = [:], item: JSONValue? = nil) {
        self.inputs = inputs
        self.outputs = outputs
        self.item = item
    }

    public func resolve(_ binding: Binding) throws -> JSONValue {
        switch binding {
        case .literal(let value): return value
        case .reference(let reference): return try resolve(reference)
        }
    }

    /// The value a reference names; errors say which part of the reference is missing.
    public func resolve(_ reference: Reference) throws -> JSONValue {
        var current: JSONValue
        switch reference.root {
        case .input(let name):
            guard let value = inputs[name] else { throw ResolutionError(reference: reference, reason: "the run has no input \"\(name)\"") }
            current = value
        case .step(let name):
            guard let value = outputs[name] else { throw ResolutionError(reference: reference, reason: "step \"\(name)\" has no output yet") }
            current = value
        case .item:
            guard let value = item else { throw ResolutionError(reference: reference, reason: "$item is defined only inside a map") }
            current = value
        }
        var walked: [JSONPath.Component] = []
        for component in reference.path {
            let here = reference.rootText + JSONPath(walked).description.dropFirst()
            switch (component, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else {
                    throw ResolutionError(reference: reference, reason: "\(here) has no field \"\(key)\" (fields: \(members.keys.sorted().joined(separator: ", ")))")
                }
                current = next
            case (.index(let index), .array(let items)):
                guard items.indices.contains(index) else {
                    throw ResolutionError(reference: reference, reason: "\(here) has \(items.count) items, so no item [\(index)]")
                }
                current = items[index]
            case (.key(let key), _):
                throw ResolutionError(reference: reference, reason: "\(here) is \(current.typeName), so it has no field \"\(key)\"")
            case (.index(let index), _):
                throw ResolutionError(reference: reference, reason: "\(here) is \(current.typeName), so it has no item [\(index)]")
            }
            walked.append(component)
        }
        return current
    }
}

public struct ResolutionError: Error, Equatable, CustomStringConvertible {
    public let reference: Reference
    public let reason: String
    public var description: String { "\(reference.text): \(reason)" }
}

extension Reference {
    /// The reference's root as written: `$inputs.case`, `$steps.top.output`, `$item`.
    var rootText: String {
        switch root {
        case .input(let name): return "$inputs.\(name)"
        case .step(let name): return "$steps.\(name).output"
        case .item: return "$item"
        }
    }
}
