/// Runs a parsed template against its variables and collects the output.
///
/// Scoping follows Jinja2: each for-loop iteration gets a fresh scope that is dropped when the
/// iteration ends, `if` blocks share their parent's, and `namespace()` objects are the way to
/// carry values out of a loop.
struct TemplateRenderer {
    private var scopes: [[String: JinjaValue]]
    /// Attributes of every `namespace()` made so far, indexed by `JinjaValue.namespace`.
    private var namespaces: [OrderedStringMap<JinjaValue>] = []
    private var output = ""

    init(variables: [String: JinjaValue]) {
        scopes = [variables]
    }

    /// What a statement list asks of its enclosing loop.
    private enum Flow { case proceed, breakLoop, continueLoop }

    mutating func render(_ nodes: [TemplateNode]) throws -> String {
        _ = try execute(nodes)
        return output
    }

    // MARK: Statements

    private mutating func execute(_ nodes: [TemplateNode]) throws -> Flow {
        for node in nodes {
            let flow = try execute(node)
            if case .proceed = flow { continue }
            return flow
        }
        return .proceed
    }

    private mutating func execute(_ node: TemplateNode) throws -> Flow {
        switch node {
        case .text(let text):
            output += text
        case .output(let expression):
            output += try evaluate(expression).text
        case .conditional(let branches, let otherwise):
            for branch in branches where try evaluate(branch.condition).isTruthy {
                return try execute(branch.body)
            }
            return try execute(otherwise)
        case .loop(let loop):
            try runLoop(loop)
        case .assign(let targets, let value, let position):
            let result = try evaluate(value)
            for (name, item) in try unpack(result, into: targets, at: position) { scopes[scopes.count - 1][name] = item }
        case .assignAttribute(let object, let attribute, let value, let position):
            guard case .namespace(let id) = lookup(object) else {
                throw ChatTemplateError(.typeMismatch, at: position, "cannot set '\(object).\(attribute)': '\(object)' is not a namespace() object")
            }
            namespaces[id][attribute] = try evaluate(value)
        case .assignBlock(let name, let body):
            let saved = output
            output = ""
            _ = try execute(body)
            scopes[scopes.count - 1][name] = .string(output)
            output = saved
        case .loopControl(let isBreak):
            return isBreak ? .breakLoop : .continueLoop
        }
        return .proceed
    }

    private mutating func runLoop(_ loop: TemplateLoop) throws {
        var items = try iterate(try evaluate(loop.iterable), at: loop.iterable.position)
        if let filter = loop.filter {
            var kept: [JinjaValue] = []
            for item in items {
                scopes.append(Dictionary(uniqueKeysWithValues: try unpack(item, into: loop.targets, at: loop.position)))
                defer { scopes.removeLast() }
                if try evaluate(filter).isTruthy { kept.append(item) }
            }
            items = kept
        }
        guard !items.isEmpty else {
            _ = try execute(loop.otherwise)
            return
        }
        for (index, item) in items.enumerated() {
            var scope = Dictionary(uniqueKeysWithValues: try unpack(item, into: loop.targets, at: loop.position))
            scope["loop"] = loopInfo(index: index, items: items)
            scopes.append(scope)
            let flow = try execute(loop.body)
            scopes.removeLast()
            if case .breakLoop = flow { break }
        }
    }

    /// Jinja's `loop` variable.
    private func loopInfo(index: Int, items: [JinjaValue]) -> JinjaValue {
        let count = items.count
        return .dict(OrderedStringMap([
            ("index", .int(index + 1)), ("index0", .int(index)),
            ("revindex", .int(count - index)), ("revindex0", .int(count - index - 1)),
            ("first", .bool(index == 0)), ("last", .bool(index == count - 1)), ("length", .int(count)),
            ("depth", .int(1)), ("depth0", .int(0)),
            ("previtem", index > 0 ? items[index - 1] : .undefined("there is no previous item")),
            ("nextitem", index + 1 < count ? items[index + 1] : .undefined("there is no next item")),
        ]))
    }

    /// Binds one value to loop or set targets: one name takes it whole, several unpack a sequence.
    private func unpack(_ value: JinjaValue, into targets: [String], at position: SourcePosition) throws -> [(String, JinjaValue)] {
        guard targets.count > 1 else { return [(targets[0], value)] }
        let parts = try iterate(value, at: position)
        guard parts.count == targets.count else {
            throw ChatTemplateError(.typeMismatch, at: position, "cannot unpack \(parts.count) values into \(targets.count) names (\(targets.joined(separator: ", ")))")
        }
        return Array(zip(targets, parts))
    }

    /// The items a for loop visits: list items, dict keys, string characters; undefined is empty.
    func iterate(_ value: JinjaValue, at position: SourcePosition) throws -> [JinjaValue] {
        switch value {
        case .undefined: return []
        case .array(let items): return items
        case .dict(let map): return map.keys.map(JinjaValue.string)
        case .string(let text): return text.unicodeScalars.map { .string(String($0)) }
        default: throw ChatTemplateError(.typeMismatch, at: position, "'\(value.typeName)' object is not iterable")
        }
    }

    // MARK: Variables

    private func lookup(_ name: String) -> JinjaValue {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        if let function = GlobalFunction(rawValue: name) { return .function(function) }
        return .undefined("'\(name)' is undefined")
    }

    func namespaceAttributes(_ id: Int) -> OrderedStringMap<JinjaValue> { namespaces[id] }

    mutating func makeNamespace(_ attributes: OrderedStringMap<JinjaValue>) -> JinjaValue {
        namespaces.append(attributes)
        return .namespace(namespaces.count - 1)
    }

    // MARK: Expressions

    mutating func evaluate(_ expression: TemplateExpression) throws -> JinjaValue {
        let position = expression.position
        switch expression.kind {
        case .literal(let value):
            return value
        case .name(let name):
            return lookup(name)
        case .list(let items):
            return .array(try items.map { try evaluate($0) })
        case .dict(let pairs):
            var map = OrderedStringMap<JinjaValue>()
            for pair in pairs {
                guard case .string(let key) = try evaluate(pair.key) else {
                    throw ChatTemplateError(.typeMismatch, at: pair.key.position, "dict keys must be strings in Consilium's template subset")
                }
                map[key] = try evaluate(pair.value)
            }
            return .dict(map)
        case .attribute(let base, let name):
            return try attribute(name, of: try evaluate(base), at: position)
        case .item(let base, let key):
            let container = try evaluate(base)
            return try item(try evaluate(key), of: container, at: position)
        case .slice(let base, let start, let stop, let step):
            let value = try evaluate(base)
            let bounds = try [start, stop, step].map { try $0.map { try evaluate($0) } }
            return try TemplateOperators.slice(value, start: bounds[0], stop: bounds[1], step: bounds[2], at: position)
        case .call(let callee, let arguments):
            return try call(callee, arguments: arguments, at: position)
        case .filter(let base, let name, let arguments):
            let value = try evaluate(base)
            return try TemplateFilters.apply(name, to: value, try evaluateArguments(arguments, at: position), renderer: &self)
        case .test(let base, let name, let arguments, let negated):
            let value = try evaluate(base)
            let result = try TemplatePredicates.test(name, value, try evaluateArguments(arguments, at: position))
            return .bool(result != negated)
        case .unary(let op, let operand):
            return try TemplateOperators.unary(op, try evaluate(operand), at: position)
        case .binary(let op, let left, let right):
            return try TemplateOperators.binary(op, try evaluate(left), try evaluate(right), at: position)
        case .logical(let isAnd, let left, let right):
            // Python returns the deciding operand itself, not a bool.
            let first = try evaluate(left)
            if isAnd { return first.isTruthy ? try evaluate(right) : first }
            return first.isTruthy ? first : try evaluate(right)
        case .conditional(let value, let condition, let otherwise):
            if try evaluate(condition).isTruthy { return try evaluate(value) }
            return try otherwise.map { try evaluate($0) } ?? .undefined("the conditional expression had no else branch")
        }
    }

    func attribute(_ name: String, of value: JinjaValue, at position: SourcePosition) throws -> JinjaValue {
        switch value {
        case .undefined(let why):
            throw ChatTemplateError(.undefinedValue, at: position, "\(why), so it has no attribute '\(name)'")
        case .dict(let map):
            return map[name] ?? .undefined("'dict object' has no attribute '\(name)'")
        case .namespace(let id):
            return namespaces[id][name] ?? .undefined("the namespace has no attribute '\(name)'")
        default:
            return .undefined("'\(value.typeName) object' has no attribute '\(name)'")
        }
    }

    func item(_ key: JinjaValue, of value: JinjaValue, at position: SourcePosition) throws -> JinjaValue {
        switch (value, key) {
        case (.undefined(let why), _):
            throw ChatTemplateError(.undefinedValue, at: position, "\(why), so it cannot be indexed")
        case (.dict(let map), .string(let name)):
            return map[name] ?? .undefined("'dict object' has no attribute '\(name)'")
        case (.namespace, .string(let name)):
            return try attribute(name, of: value, at: position)
        case (.array(let items), _):
            guard let index = key.integer else { break }
            let resolved = index < 0 ? items.count + index : index
            return items.indices.contains(resolved) ? items[resolved] : .undefined("list index \(index) out of range")
        case (.string(let text), _):
            guard let index = key.integer else { break }
            let scalars = Array(text.unicodeScalars)
            let resolved = index < 0 ? scalars.count + index : index
            return scalars.indices.contains(resolved) ? .string(String(scalars[resolved])) : .undefined("string index \(index) out of range")
        default:
            break
        }
        return .undefined("'\(value.typeName) object' has no item \(key.repr)")
    }

    // MARK: Calls

    private mutating func call(_ callee: TemplateExpression, arguments: TemplateArguments, at position: SourcePosition) throws -> JinjaValue {
        let function: JinjaValue
        if case .attribute(let base, let name) = callee.kind {
            let receiver = try evaluate(base)
            if TemplateMethods.has(name, on: receiver) {
                return try TemplateMethods.call(name, on: receiver, try evaluateArguments(arguments, at: position))
            }
            function = try attribute(name, of: receiver, at: callee.position)
        } else {
            function = try evaluate(callee)
        }
        guard case .function(let global) = function else {
            if case .undefined(let why) = function {
                throw ChatTemplateError(.undefinedValue, at: position, "\(why), so it cannot be called")
            }
            throw ChatTemplateError(.typeMismatch, at: position, "'\(function.typeName)' object is not callable")
        }
        return try TemplateMethods.callGlobal(global, try evaluateArguments(arguments, at: position), renderer: &self)
    }

    private mutating func evaluateArguments(_ arguments: TemplateArguments, at position: SourcePosition) throws -> CallArguments {
        CallArguments(
            positional: try arguments.positional.map { try evaluate($0) },
            keyword: try arguments.keyword.map { (name: $0.name, value: try evaluate($0.value)) },
            position: position)
    }
}

/// Evaluated arguments of a call, filter or test, with the call's position for errors.
struct CallArguments {
    var positional: [JinjaValue]
    var keyword: [(name: String, value: JinjaValue)]
    var position: SourcePosition

    /// The argument given by position `index` or by `name`, if any.
    func value(_ index: Int, _ name: String) -> JinjaValue? {
        if let match = keyword.first(where: { $0.name == name }) { return match.value }
        return positional.indices.contains(index) ? positional[index] : nil
    }

    func string(_ index: Int, _ name: String, in function: String) throws -> String? {
        guard let value = value(index, name), !value.isNone else { return nil }
        guard case .string(let text) = value else {
            throw ChatTemplateError(.typeMismatch, at: position, "\(function): argument '\(name)' must be a string, found \(value.typeName)")
        }
        return text
    }

    func int(_ index: Int, _ name: String, in function: String) throws -> Int? {
        guard let value = value(index, name), !value.isNone else { return nil }
        guard let number = value.integer else {
            throw ChatTemplateError(.typeMismatch, at: position, "\(function): argument '\(name)' must be an integer, found \(value.typeName)")
        }
        return number
    }
}

extension JinjaValue {
    var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
