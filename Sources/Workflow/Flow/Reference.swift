import Support

/// A name for a value a step reads: `$inputs.case.summary`, `$steps.candidates.output.genes[0]`,
/// `$item.symbol` (the current element inside a map).
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    public enum Root: Hashable, Sendable {
        case input(String)
        case step(String)
        case item
    }

    public let root: Root
    /// Keys and indices into the root value.
    public let path: [JSONPath.Component]
    public let text: String

    public var description: String { text }

    /// Parses reference text; the error reason says what form was expected.
    public static func parse(_ text: String) -> Result<Reference, ReferenceSyntaxError> {
        func failure(_ reason: String) -> Result<Reference, ReferenceSyntaxError> {
            .failure(ReferenceSyntaxError(text: text, reason: reason))
        }
        guard text.hasPrefix("$") else { return failure("a reference starts with $") }
        var rest = Substring(text).dropFirst()
        let head = readName(&rest)
        var components: [JSONPath.Component] = []
        while let next = rest.first {
            rest = rest.dropFirst()
            if next == "." {
                let key = readName(&rest)
                guard !key.isEmpty else { return failure("expected a field name after '.'") }
                components.append(.key(key))
            } else if next == "[" {
                let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
                rest = rest.dropFirst(digits.count)
                guard let index = Int(digits), rest.first == "]" else { return failure("expected [INDEX] with a non-negative integer") }
                rest = rest.dropFirst()
                components.append(.index(index))
            } else {
                return failure("unexpected '\(next)'; fields are .name and items [n]")
            }
        }
        switch head {
        case "inputs":
            guard case .key(let name)? = components.first else { return failure("expected $inputs.NAME") }
            return .success(Reference(root: .input(name), path: Array(components.dropFirst()), text: text))
        case "steps":
            guard components.count >= 2, case .key(let name) = components[0], components[1] == .key("output") else {
                return failure("expected $steps.NAME.output")
            }
            return .success(Reference(root: .step(name), path: Array(components.dropFirst(2)), text: text))
        case "item":
            return .success(Reference(root: .item, path: components, text: text))
        default:
            return failure("a reference starts with $inputs, $steps or $item")
        }
    }

    private static func readName(_ scanner: inout Substring) -> String {
        let name = scanner.prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }
        scanner = scanner.dropFirst(name.count)
        return String(name)
    }
}

public struct ReferenceSyntaxError: Error, Equatable, Sendable {
    public let text: String
    public let reason: String
}

/// A value a step is given: a reference resolved at run time, or a literal written in the flow.
/// Strings starting with `$` are references; write `$$` for a literal leading `$`. References
/// are recognised only as whole values, not inside literal lists or objects.
public enum Binding: Hashable, Sendable {
    case reference(Reference)
    case literal(JSONValue)

    public var reference: Reference? {
        if case .reference(let r) = self { return r }
        return nil
    }
}
