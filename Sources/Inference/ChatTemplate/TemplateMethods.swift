import Foundation

/// Python methods templates call on strings and dicts (`.strip()`, `.items()`, ...) and the
/// global functions HF and Jinja provide (`raise_exception`, `strftime_now`, `namespace`, `range`,
/// `dict`). Nothing here mutates a value: HF renders in Jinja's immutable sandbox.
enum TemplateMethods {
    private static let stringMethods: Set<String> = [
        "strip", "lstrip", "rstrip", "startswith", "endswith", "split", "lower", "upper", "title", "capitalize",
        "replace", "join", "find", "count",
    ]
    private static let dictMethods: Set<String> = ["items", "keys", "values", "get"]

    /// Jinja's sandbox refuses ranges longer than this (`MAX_RANGE`); so do we.
    private static let maximumRange = 100_000

    static func has(_ name: String, on receiver: JinjaValue) -> Bool {
        switch receiver {
        case .string: return stringMethods.contains(name)
        case .dict(let map): return dictMethods.contains(name) && map[name] == nil
        default: return false
        }
    }

    static func call(_ name: String, on receiver: JinjaValue, _ arguments: CallArguments) throws -> JinjaValue {
        switch receiver {
        case .string(let text): return try callString(name, text, arguments)
        case .dict(let map):
            switch name {
            case "items": return .array(map.pairs.map { .array([.string($0.key), $0.value]) })
            case "keys": return .array(map.keys.map(JinjaValue.string))
            case "values": return .array(map.values)
            default:
                let key = try arguments.string(0, "key", in: "get") ?? ""
                return map[key] ?? arguments.value(1, "default") ?? .none
            }
        default:
            throw ChatTemplateError(.typeMismatch, at: arguments.position, "'\(receiver.typeName)' object has no method '\(name)'")
        }
    }

    private static func callString(_ name: String, _ text: String, _ arguments: CallArguments) throws -> JinjaValue {
        switch name {
        case "strip", "lstrip", "rstrip":
            let chars = try arguments.string(0, "chars", in: name)
            return .string(PythonFormat.strip(text, chars: chars, leading: name != "rstrip", trailing: name != "lstrip"))
        case "startswith", "endswith":
            let candidates: [JinjaValue]
            switch arguments.value(0, "prefix") {
            case .string(let single)?: candidates = [.string(single)]
            case .array(let many)?: candidates = many
            default:
                throw ChatTemplateError(.typeMismatch, at: arguments.position, "\(name): needs a string or a tuple of strings")
            }
            return .bool(candidates.contains { candidate in
                guard case .string(let affix) = candidate else { return false }
                let (whole, part) = (Array(text.unicodeScalars), Array(affix.unicodeScalars))
                return name == "startswith" ? whole.starts(with: part) : whole.reversed().starts(with: part.reversed())
            })
        case "split":
            return .array(try split(text, separator: try arguments.string(0, "sep", in: "split"),
                                    limit: try arguments.int(1, "maxsplit", in: "split") ?? -1, at: arguments.position).map(JinjaValue.string))
        case "lower": return .string(text.lowercased())
        case "upper": return .string(text.uppercased())
        case "capitalize": return .string(TemplateFilters.capitalized(text))
        case "title": return .string(TemplateFilters.titled(text))
        case "replace":
            guard let old = try arguments.string(0, "old", in: "replace"), let new = try arguments.string(1, "new", in: "replace") else {
                throw ChatTemplateError(.typeMismatch, at: arguments.position, "replace: needs the text to find and its replacement")
            }
            return .string(replace(text, old, new, count: try arguments.int(2, "count", in: "replace")))
        case "join":
            guard case .array(let items)? = arguments.value(0, "iterable") else {
                throw ChatTemplateError(.typeMismatch, at: arguments.position, "join: needs a list of strings")
            }
            return .string(items.map(\.text).joined(separator: text))
        case "find", "count":
            let part = Array((try arguments.string(0, "sub", in: name) ?? "").unicodeScalars)
            let whole = Array(text.unicodeScalars)
            var matches: [Int] = []
            var start = 0
            while start + part.count <= whole.count {
                if whole[start..<(start + part.count)].elementsEqual(part) {
                    matches.append(start)
                    start += max(part.count, 1)
                } else {
                    start += 1
                }
            }
            return .int(name == "find" ? matches.first ?? -1 : matches.count)
        default:
            throw ChatTemplateError(.typeMismatch, at: arguments.position, "'str' object has no method '\(name)'")
        }
    }

    /// Python's `str.split(sep, maxsplit)`: with no separator, runs of whitespace split and
    /// leading/trailing whitespace is ignored.
    static func split(_ text: String, separator: String?, limit: Int, at position: SourcePosition) throws -> [String] {
        let scalars = Array(text.unicodeScalars)
        func string(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        var parts: [String] = []
        guard let separator else {
            var index = 0
            while index < scalars.count {
                while index < scalars.count, isJinjaSpace(scalars[index]) { index += 1 }
                guard index < scalars.count else { break }
                if limit >= 0 && parts.count == limit {
                    var end = scalars.count
                    while end > index, isJinjaSpace(scalars[end - 1]) { end -= 1 }
                    parts.append(string(scalars[index..<end]))
                    break
                }
                let start = index
                while index < scalars.count, !isJinjaSpace(scalars[index]) { index += 1 }
                parts.append(string(scalars[start..<index]))
            }
            return parts
        }
        let needle = Array(separator.unicodeScalars)
        guard !needle.isEmpty else { throw ChatTemplateError(.typeMismatch, at: position, "split: empty separator") }
        var start = 0
        var index = 0
        while index + needle.count <= scalars.count, limit < 0 || parts.count < limit {
            if scalars[index..<(index + needle.count)].elementsEqual(needle) {
                parts.append(string(scalars[start..<index]))
                index += needle.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(string(scalars[start...]))
        return parts
    }

    /// Python's `str.replace(old, new, count)`; an empty `old` inserts `new` around every character.
    static func replace(_ text: String, _ old: String, _ new: String, count: Int?) -> String {
        let limit = count.flatMap { $0 < 0 ? nil : $0 } ?? Int.max
        guard !old.isEmpty else {
            var result = ""
            var done = 0
            for scalar in text.unicodeScalars {
                if done < limit { result += new; done += 1 }
                result.unicodeScalars.append(scalar)
            }
            return done < limit ? result + new : result
        }
        let parts = (try? split(text, separator: old, limit: limit == Int.max ? -1 : limit, at: SourcePosition(line: 0, column: 0))) ?? [text]
        return parts.joined(separator: new)
    }

    // MARK: Globals

    static func callGlobal(_ function: GlobalFunction, _ arguments: CallArguments, renderer: inout TemplateRenderer) throws -> JinjaValue {
        let position = arguments.position
        switch function {
        case .raiseException:
            let message = arguments.value(0, "message")?.text ?? ""
            throw ChatTemplateError(.raisedByTemplate, at: position, message)
        case .strftimeNow:
            guard let format = try arguments.string(0, "format", in: "strftime_now") else {
                throw ChatTemplateError(.typeMismatch, at: position, "strftime_now: needs a format string")
            }
            return .string(formatNow(format))
        case .namespace, .dict:
            var attributes = OrderedStringMap<JinjaValue>()
            if case .dict(let initial)? = arguments.positional.first { attributes = initial }
            for (name, value) in arguments.keyword { attributes[name] = value }
            return function == .dict ? .dict(attributes) : renderer.makeNamespace(attributes)
        case .range:
            let numbers = try arguments.positional.map { value -> Int in
                guard let number = value.integer else {
                    throw ChatTemplateError(.typeMismatch, at: position, "range: arguments must be integers, found \(value.typeName)")
                }
                return number
            }
            guard (1...3).contains(numbers.count) else { throw ChatTemplateError(.typeMismatch, at: position, "range: takes 1 to 3 integers") }
            let (start, stop) = numbers.count == 1 ? (0, numbers[0]) : (numbers[0], numbers[1])
            let step = numbers.count == 3 ? numbers[2] : 1
            guard step != 0 else { throw ChatTemplateError(.typeMismatch, at: position, "range: step must not be zero") }
            let values = Array(stride(from: start, to: stop, by: step).prefix(maximumRange + 1))
            guard values.count <= maximumRange else {
                throw ChatTemplateError(.typeMismatch, at: position, "range: more than \(maximumRange) items (the sandbox limit)")
            }
            return .array(values.map(JinjaValue.int))
        }
    }

    /// `datetime.now().strftime(format)`, in the machine's local time zone as HF does.
    private static func formatNow(_ format: String) -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        // 512 bytes holds any date format a template plausibly asks for; strftime returns 0 if not.
        var buffer = [CChar](repeating: 0, count: 512)
        let written = strftime(&buffer, buffer.count, format, &parts)
        return String(decoding: buffer.prefix(written).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
