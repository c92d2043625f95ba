import Support

/// Reads the fields of one request object by name, each with its JSON path for errors, and
/// remembers which were read so `finish` can reject the rest: a misspelled option is an error,
/// not silently ignored.
final class JsonFields {
    let path: String
    private let members: [String: JSONValue]
    private var read: Set<String> = []

    init(_ value: JSONValue, path: String) throws {
        guard case .object(let members) = value else {
            throw JsonFailure(.invalidRequest, "expected a JSON object, found \(value.typeName)", path: path)
        }
        self.members = members
        self.path = path
    }

    func at(_ key: String) -> String { Self.path(path, key) }

    static func path(_ base: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(key.first?.isNumber ?? true)
        return plain ? "\(base).\(key)" : "\(base)[\(JSONValue.string(key).canonicalText)]"
    }

    /// The value of `key`, nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    func required(_ key: String) throws -> JSONValue {
        guard let value = value(key) else { throw JsonFailure(.invalidRequest, "missing required field \"\(key)\"", path: at(key)) }
        return value
    }

    func optionalString(_ key: String) throws -> String? {
        guard let value = value(key) else { return nil }
        guard let text = value.stringValue else { throw typeError(key, "a string", value) }
        return text
    }

    func string(_ key: String) throws -> String {
        guard let text = try optionalString(key) else {
            throw JsonFailure(.invalidRequest, "missing required field \"\(key)\"", path: at(key))
        }
        return text
    }

    func optionalBool(_ key: String) throws -> Bool? {
        guard let value = value(key) else { return nil }
        guard let flag = value.boolValue else { throw typeError(key, "true or false", value) }
        return flag
    }

    func optionalInt(_ key: String, in bounds: ClosedRange<Int>) throws -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue, bounds.contains(number) else {
            throw typeError(key, "a whole number from \(bounds.lowerBound) to \(bounds.upperBound)", value)
        }
        return number
    }

    func optionalDouble(_ key: String, in bounds: ClosedRange<Double>) throws -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.numberValue, bounds.contains(number) else {
            throw typeError(key, "a number from \(bounds.lowerBound) to \(bounds.upperBound)", value)
        }
        return number
    }

    func optionalStrings(_ key: String) throws -> [String]? {
        guard let value = value(key) else { return nil }
        guard let items = value.arrayValue else { throw typeError(key, "an array of strings", value) }
        return try items.enumerated().map { index, item in
            guard let text = item.stringValue else {
                throw JsonFailure(.invalidRequest, "expected a string, found \(item.typeName)", path: "\(at(key))[\(index)]")
            }
            return text
        }
    }

    /// Rejects every field that was not read, naming the first in sorted order.
    func finish() throws {
        if let extra = members.keys.filter({ !read.contains($0) }).sorted().first {
            throw JsonFailure(.invalidRequest, "unknown field \"\(extra)\" for this op", path: at(extra))
        }
    }

    private func typeError(_ key: String, _ expected: String, _ found: JSONValue) -> JsonFailure {
        JsonFailure(.invalidRequest, "expected \(expected), found \(found.typeName)", path: at(key))
    }
}
