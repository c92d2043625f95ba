import Support

/// An expression inside `{{ }}` or a statement. `offset` is the byte offset in the template file.
indirect enum TemplateExpression: Sendable {
    case literal(JSONValue)
    case variable(String, offset: Int)
    case member(TemplateExpression, String, offset: Int)
    case index(TemplateExpression, Int, offset: Int)
    case filter(TemplateExpression, TemplateFilter, [TemplateExpression], offset: Int)
    case not(TemplateExpression)
    case and(TemplateExpression, TemplateExpression)
    case or(TemplateExpression, TemplateExpression)
    case equal(TemplateExpression, TemplateExpression, negated: Bool)

    /// The dotted form used in messages: `patient.genes[0].symbol`.
    var text: String {
        switch self {
        case .literal(let value): return value.canonicalText
        case .variable(let name, _): return name
        case .member(let base, let key, _): return base.text + "." + key
        case .index(let base, let i, _): return base.text + "[\(i)]"
        case .filter(let base, let filter, let args, _):
            return base.text + " | " + filter.name + (args.isEmpty ? "" : "(" + args.map(\.text).joined(separator: ", ") + ")")
        case .not(let e): return "not " + e.text
        case .and(let a, let b): return a.text + " and " + b.text
        case .or(let a, let b): return a.text + " or " + b.text
        case .equal(let a, let b, let negated): return a.text + (negated ? " != " : " == ") + b.text
        }
    }
}

/// A parsed template: text, outputs, loops and conditionals.
indirect enum TemplateNode: Sendable {
    case text(String)
    case output(TemplateExpression, offset: Int)
    case loop(variable: String, over: TemplateExpression, body: [TemplateNode], offset: Int)
    /// `if`/`elif` branches in order, then the `else` body (empty when absent).
    case conditional(branches: [(TemplateExpression, [TemplateNode])], otherwise: [TemplateNode])
}
