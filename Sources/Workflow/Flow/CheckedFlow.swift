import Foundation
import Support

/// A flow that passed the graph check. The only way to get one is `CheckedFlow.load` (or
/// `init(source:...)`), so the engine, which takes a `CheckedFlow`, cannot run an unchecked flow.
public struct CheckedFlow: Sendable {
    public let definition: FlowDefinition
    /// The flow file's name as errors show it.
    public let file: String
    /// SHA-256 of the flow file's bytes: part of a run's identity.
    public let sha256: String
    public let inputSchemas: [String: JSONSchema]
    public let plan: ExecutionPlan

    /// Reads and checks a flow file. Templates and schema files are resolved against
    /// `promptsRoot`, by default the parent of the flow file's directory (`Prompts/` for
    /// `Prompts/flows/x.json`).
    public static func load(file url: URL, promptsRoot: URL? = nil, metrics: MetricCatalog = .standard) throws -> CheckedFlow {
        let root = promptsRoot ?? url.deletingLastPathComponent().deletingLastPathComponent()
        guard let data = try? Data(contentsOf: url) else {
            throw FlowCheckError(issues: [FlowIssue(file: url.path, location: TextLocation(line: 1, column: 1), path: .root, reason: "cannot read the flow file")])
        }
        return try CheckedFlow(source: data, file: url.lastPathComponent, promptsRoot: root, metrics: metrics)
    }

    /// Checks flow text already in memory; `file` is the name errors use.
    public init(source: Data, file: String, promptsRoot: URL, metrics: MetricCatalog = .standard) throws {
        let bytes = [UInt8](source)
        func failure(_ entries: [(path: JSONPath, reason: String)], _ map: JSONSourceMap) -> FlowCheckError {
            let issues = entries.map { FlowIssue(file: file, location: map.location(of: $0.path), path: $0.path, reason: $0.reason) }
            return FlowCheckError(issues: issues.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) })
        }
        let map: JSONSourceMap
        do {
            map = try JSONSourceMap(bytes: bytes)
        } catch let error as JSONParseError {
            throw FlowCheckError(issues: [FlowIssue(file: file, location: TextLocation(offset: error.offset, in: bytes), path: .root,
                                                    reason: "invalid JSON: \(error.reason)")])
        }
        var decoder = FlowDecoder()
        guard let definition = decoder.decode(map.document) else { throw failure(decoder.issues.entries, map) }
        var checker = FlowChecker(definition: definition, promptsRoot: promptsRoot, metrics: metrics)
        guard let (plan, inputSchemas) = checker.check() else { throw failure(checker.issues.entries, map) }
        self.definition = definition
        self.file = file
        self.sha256 = ContentHash.sha256Hex(source)
        self.inputSchemas = inputSchemas
        self.plan = plan
    }

    /// Checks a run's inputs against the declared schemas: every declared input present and
    /// valid, no undeclared ones. Each problem names the input and the JSON path inside it.
    public func validateInputs(_ values: [String: JSONValue]) -> [String] {
        var problems: [String] = []
        for input in definition.inputs {
            guard let value = values[input.name] else {
                problems.append("input \"\(input.name)\" is missing")
                continue
            }
            for violation in inputSchemas[input.name]?.validate(value) ?? [] {
                problems.append("input \"\(input.name)\" \(violation)")
            }
        }
        let declared = Set(definition.inputs.map(\.name))
        for name in values.keys.sorted() where !declared.contains(name) {
            problems.append("input \"\(name)\" is not declared by flow \(definition.id)")
        }
        return problems
    }
}
