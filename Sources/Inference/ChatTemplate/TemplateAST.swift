/// An expression inside a tag, with the position of its first token for error messages.
struct TemplateExpression: Sendable {
    indirect enum Kind: Sendable {
        case literal(JinjaValue)
        case name(String)
        case list([TemplateExpression])
        case dict([(key: TemplateExpression, value: TemplateExpression)])
        /// `object.name`
        case attribute(TemplateExpression, String)
        /// `object[key]`
        case item(TemplateExpression, TemplateExpression)
        /// `object[start:stop:step]`; absent parts are nil.
        case slice(TemplateExpression, start: TemplateExpression?, stop: TemplateExpression?, step: TemplateExpression?)
        case call(TemplateExpression, arguments: TemplateArguments)
        case filter(TemplateExpression, name: String, arguments: TemplateArguments)
        /// `value is [not] name(arguments)`
        case test(TemplateExpression, name: String, arguments: TemplateArguments, negated: Bool)
        case unary(UnaryOperator, TemplateExpression)
        case binary(BinaryOperator, TemplateExpression, TemplateExpression)
        /// `and` / `or` evaluate their right side only when needed, as Python does.
        case logical(isAnd: Bool, TemplateExpression, TemplateExpression)
        /// `value if condition else otherwise`; without `else`, Jinja yields undefined.
        case conditional(value: TemplateExpression, condition: TemplateExpression, otherwise: TemplateExpression?)
    }

    var kind: Kind
    var position: SourcePosition
}

struct TemplateArguments: Sendable {
    var positional: [TemplateExpression] = []
    var keyword: [(name: String, value: TemplateExpression)] = []
}

enum UnaryOperator: Sendable { case negate, plus, not }

enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%", power = "**"
    case concat = "~"
    case equal = "==", notEqual = "!=", less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">="
    case contains = "in", notContains = "not in"
}

/// A statement-level piece of a parsed template.
enum TemplateNode: Sendable {
    case text(String)
    case output(TemplateExpression)
    case conditional(branches: [(condition: TemplateExpression, body: [TemplateNode])], otherwise: [TemplateNode])
    case loop(TemplateLoop)
    /// `{% set name = value %}` or `{% set a, b = pair %}`.
    case assign(targets: [String], value: TemplateExpression, position: SourcePosition)
    /// `{% set namespace.attribute = value %}`.
    case assignAttribute(object: String, attribute: String, value: TemplateExpression, position: SourcePosition)
    /// `{% set name %}body{% endset %}`.
    case assignBlock(name: String, body: [TemplateNode])
    /// `{% break %}` / `{% continue %}`; the parser only accepts them inside a for body.
    case loopControl(isBreak: Bool)
}

struct TemplateLoop: Sendable {
    /// One name, or several for tuple unpacking (`for key, value in items`).
    var targets: [String]
    var iterable: TemplateExpression
    /// `{% for x in xs if condition %}` skips items before numbering them.
    var filter: TemplateExpression?
    var body: [TemplateNode]
    /// `{% else %}` inside a for: rendered when nothing was iterated.
    var otherwise: [TemplateNode]
    var position: SourcePosition
}
