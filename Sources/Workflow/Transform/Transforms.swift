import Support

/// The table of built-in transforms a flow's `transform` steps may name.
public enum Transforms {
    public static let table: [String: TransformFunction] = Dictionary(uniqueKeysWithValues: [
        rankBy, topK, weightedSum, join, filter, groupBy, pick, unique,
    ].map { ($0.name, $0) })

    /// Evaluates `name` on resolved arguments: the pure function the engine calls for a transform step.
    public static func evaluate(_ name: String, _ arguments: [String: JSONValue]) throws -> JSONValue {
        guard let function = table[name] else {
            throw TransformError(function: name, argument: nil, reason: "unknown transform (known: \(table.keys.sorted().joined(separator: ", ")))")
        }
        return try function.apply(arguments)
    }

    // MARK: Ordering and selection

    static let rankBy = TransformFunction(
        name: "rank_by", summary: "sort objects by a field (numbers or strings), stable",
        parameters: [.init("list", .list), .init("key", .string), .init("order", .choice(["descending", "ascending"]), default: "descending")],
        crossCheck: { _ in nil }
    ) { args in
        let key = args.string("key") ?? ""
        let items = args.list("list")
        let keyed = try items.enumerated().map { index, item in (index, item, try args.field(key, of: item, index: index, in: "list")) }
        let descending = args.string("order") == "descending"
        if keyed.allSatisfy({ $0.2.numberValue != nil }) {
            return .array(keyed.sorted { a, b in
                let (x, y) = (a.2.numberValue ?? 0, b.2.numberValue ?? 0)
                return x == y ? a.0 < b.0 : (descending ? x > y : x < y)
            }.map(\.1))
        }
        if keyed.allSatisfy({ $0.2.stringValue != nil }) {
            return .array(keyed.sorted { a, b in
                let (x, y) = (a.2.stringValue ?? "", b.2.stringValue ?? "")
                return x == y ? a.0 < b.0 : (descending ? x > y : x < y)
            }.map(\.1))
        }
        let kinds = Set(keyed.map(\.2.typeName)).sorted().joined(separator: ", ")
        throw args.fail("key", "field \"\(key)\" must be all numbers or all strings, found \(kinds)")
    }

    static let topK = TransformFunction(
        name: "top_k", summary: "the first k items of a list",
        parameters: [.init("list", .list), .init("k", .nonNegativeInteger)],
        crossCheck: { _ in nil }
    ) { args in
        .array(Array(args.list("list").prefix(args.int("k"))))
    }

    static let filter = TransformFunction(
        name: "filter", summary: "keep objects whose field compares true with a value",
        parameters: [.init("list", .list), .init("field", .string),
                     .init("op", .choice(["==", "!=", "<", "<=", ">", ">=", "in", "contains", "exists"])),
                     .init("value", .any, optional: true)],
        crossCheck: { literals in
            if let op = literals["op"]?.stringValue, op != "exists", literals["value"] == nil {
                return TransformError(function: "filter", argument: "value", reason: "operator \"\(op)\" needs a value")
            }
            return nil
        }
    ) { args in
        let field = args.string("field") ?? ""
        let op = args.string("op") ?? ""
        let target = args.values["value"] ?? .null
        if op != "exists", args.values["value"] == nil { throw args.fail("value", "operator \"\(op)\" needs a value") }
        var kept: [JSONValue] = []
        for (index, item) in args.list("list").enumerated() {
            if op == "exists" {
                if case .object(let members) = item, members[field] != nil { kept.append(item) }
                continue
            }
            let value = try args.field(field, of: item, index: index, in: "list")
            let keep: Bool
            switch op {
            case "==": keep = value == target
            case "!=": keep = value != target
            case "in":
                guard case .array(let options) = target else { throw args.fail("value", "operator \"in\" needs a list, found \(target.typeName)") }
                keep = options.contains(value)
            case "contains":
                switch value {
                case .array(let elements): keep = elements.contains(target)
                case .string(let s): keep = target.stringValue.map(s.contains) ?? false
                default: throw args.fail("list", "item \(index) field \"\(field)\" is \(value.typeName); contains needs a list or string")
                }
            default:
                guard let x = value.numberValue, let y = target.numberValue else {
                    throw args.fail(value.numberValue == nil ? "list" : "value",
                                    "operator \"\(op)\" compares numbers; item \(index) field \"\(field)\" is \(value.typeName), value is \(target.typeName)")
                }
                keep = op == "<" ? x < y : op == "<=" ? x <= y : op == ">" ? x > y : x >= y
            }
            if keep { kept.append(item) }
        }
        return .array(kept)
    }

    static let unique = TransformFunction(
        name: "unique", summary: "drop repeated items (whole value, or by a field), keeping the first",
        parameters: [.init("list", .list), .init("key", .string, optional: true)],
        crossCheck: { _ in nil }
    ) { args in
        var seen: Set<JSONValue> = []
        var kept: [JSONValue] = []
        for (index, item) in args.list("list").enumerated() {
            let identity = try args.string("key").map { try args.field($0, of: item, index: index, in: "list") } ?? item
            if seen.insert(identity).inserted { kept.append(item) }
        }
        return .array(kept)
    }

    // MARK: Reshaping

    static let weightedSum = TransformFunction(
        name: "weighted_sum", summary: "add a field holding the weighted sum of numeric fields (true = 1, false = 0)",
        parameters: [.init("list", .list), .init("weights", .numberMap), .init("as", .string, default: "score")],
        crossCheck: { literals in
            if case .object(let weights)? = literals["weights"], weights.isEmpty {
                return TransformError(function: "weighted_sum", argument: "weights", reason: "needs at least one field")
            }
            return nil
        }
    ) { args in
        let weights = args.values["weights"]?.objectValue ?? [:]
        let target = args.string("as") ?? "score"
        return .array(try args.list("list").enumerated().map { index, item in
            guard case .object(var members) = item else { throw args.fail("list", "item \(index) is \(item.typeName), not an object") }
            var sum = 0.0
            for name in weights.keys.sorted() {
                let value = try args.field(name, of: item, index: index, in: "list")
                let number: Double
                switch value {
                case .number(let n): number = n
                case .bool(let b): number = b ? 1 : 0
                default: throw args.fail("list", "item \(index) field \"\(name)\" is \(value.typeName), not a number")
                }
                sum += number * (weights[name]?.numberValue ?? 0)
            }
            members[target] = .number(sum)
            return .object(members)
        })
    }

    static let join = TransformFunction(
        name: "join", summary: "merge objects of two lists that share a key field (left fields win)",
        parameters: [.init("left", .list), .init("right", .list), .init("on", .string),
                     .init("how", .choice(["inner", "left"]), default: "inner")],
        crossCheck: { _ in nil }
    ) { args in
        let on = args.string("on") ?? ""
        var rightByKey: [JSONValue: [[String: JSONValue]]] = [:]
        for (index, item) in args.list("right").enumerated() {
            guard case .object(let members) = item else { throw args.fail("right", "item \(index) is \(item.typeName), not an object") }
            rightByKey[try args.field(on, of: item, index: index, in: "right"), default: []].append(members)
        }
        var joined: [JSONValue] = []
        for (index, item) in args.list("left").enumerated() {
            guard case .object(let members) = item else { throw args.fail("left", "item \(index) is \(item.typeName), not an object") }
            let matches = rightByKey[try args.field(on, of: item, index: index, in: "left")] ?? []
            if matches.isEmpty, args.string("how") == "left" { joined.append(item) }
            for match in matches { joined.append(.object(members.merging(match) { left, _ in left })) }
        }
        return .array(joined)
    }

    static let groupBy = TransformFunction(
        name: "group_by", summary: "an object from each value of a field to the items having it",
        parameters: [.init("list", .list), .init("key", .string)],
        crossCheck: { _ in nil }
    ) { args in
        let key = args.string("key") ?? ""
        var groups: [String: [JSONValue]] = [:]
        for (index, item) in args.list("list").enumerated() {
            let value = try args.field(key, of: item, index: index, in: "list")
            let name: String
            switch value {
            case .string(let s): name = s
            case .number, .bool: name = value.canonicalText
            default: throw args.fail("key", "item \(index) field \"\(key)\" is \(value.typeName); groups are named by strings, numbers or booleans")
            }
            groups[name, default: []].append(item)
        }
        return .object(groups.mapValues { .array($0) })
    }

    static let pick = TransformFunction(
        name: "pick", summary: "keep only the named fields of an object or of each object in a list",
        parameters: [.init("from", .listOrObject), .init("fields", .stringList)],
        crossCheck: { _ in nil }
    ) { args in
        let fields = args.strings("fields") ?? []
        func pickOne(_ item: JSONValue, _ index: Int) throws -> JSONValue {
            var kept: [String: JSONValue] = [:]
            for name in fields { kept[name] = try args.field(name, of: item, index: index, in: "from") }
            return .object(kept)
        }
        if case .array(let items)? = args.values["from"] {
            return .array(try items.enumerated().map { try pickOne($1, $0) })
        }
        return try pickOne(args.values["from"] ?? .null, 0)
    }
}
