import Foundation
import Support

/// A prompt template, parsed once. Syntax: Prompts/README.md.
///
/// Its identity is the SHA-256 of the file's bytes: any edit, even whitespace, is a new template,
/// so cached calls made with the old text are never served for the new one.
public struct Template: Sendable {
    /// The name errors use (the path relative to the prompts directory).
    public let name: String
    /// Lowercase hex SHA-256 of the source bytes.
    public let sha256: String
    /// Each variable the template reads from its context (not loop variables), with where it is
    /// first used: the flow check compares these with what a step provides.
    public let freeVariables: [String: TextLocation]
    private let nodes: [TemplateNode]
    private let lexer: TemplateLexer

    public init(source: Data, name: String) throws {
        let bytes = [UInt8](source)
        let lexer = TemplateLexer(bytes: bytes, file: name)
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw lexer.error(at: Self.firstInvalidUTF8(bytes), "the file is not valid UTF-8")
        }
        var scanner = lexer
        var parser = TemplateParser(segments: try scanner.segments(), lexer: lexer)
        self.nodes = try parser.parse()
        self.lexer = lexer
        self.name = name
        self.sha256 = ContentHash.sha256Hex(source)
        var free: [String: Int] = [:]
        Self.collectFreeVariables(nodes, bound: [], into: &free)
        self.freeVariables = free.mapValues { TextLocation(offset: $0, in: bytes) }
    }

    public init(source: String, name: String) throws {
        try self.init(source: Data(source.utf8), name: name)
    }

    /// Reads and parses a template file; `name` is what errors call it.
    public init(contentsOf url: URL, name: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw TemplateError(file: name, location: TextLocation(line: 1, column: 1), kind: .syntax,
                                reason: "cannot read the template file \(url.path)")
        }
        try self.init(source: data, name: name)
    }

    /// The filters templates may use, for documentation checks and messages.
    public static var filterNames: [String] { TemplateFilter.table.keys.sorted() }

    /// Renders with `context` (an object whose members are the template's variables).
    public func render(_ context: [String: JSONValue]) throws -> String {
        var renderer = TemplateRenderer(lexer: lexer, context: context)
        var out = ""
        try renderer.render(nodes, into: &out)
        return out
    }

    private static func collectFreeVariables(_ nodes: [TemplateNode], bound: Set<String>, into free: inout [String: Int]) {
        func visit(_ expression: TemplateExpression) {
            switch expression {
            case .literal: break
            case .variable(let name, let offset):
                if !bound.contains(name), free[name].map({ offset < $0 }) ?? true { free[name] = offset }
            case .member(let base, _, _), .index(let base, _, _), .not(let base): visit(base)
            case .filter(let base, _, let args, _): visit(base); args.forEach(visit)
            case .and(let a, let b), .or(let a, let b), .equal(let a, let b, _): visit(a); visit(b)
            }
        }
        for node in nodes {
            switch node {
            case .text: break
            case .output(let expression, _): visit(expression)
            case .loop(let variable, let over, let body, _):
                visit(over)
                collectFreeVariables(body, bound: bound.union([variable, "loop"]), into: &free)
            case .conditional(let branches, let otherwise):
                for (condition, body) in branches {
                    visit(condition)
                    collectFreeVariables(body, bound: bound, into: &free)
                }
                collectFreeVariables(otherwise, bound: bound, into: &free)
            }
        }
    }

    private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var end = bytes.count
        while end > 0, String(validating: bytes[..<end], as: UTF8.self) == nil { end -= 1 }
        return end
    }
}
