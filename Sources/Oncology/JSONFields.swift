import Support

/// Reads one JSON object's members by name, recording every problem with its JSON path instead
/// of stopping at the first, and flagging members nobody asked for (a misspelt "vaf " is an
/// error, not silently ignored).
final class JSONFields {
    let path: String
    private let members: [String: JSONValue]
    private let errors: JSONErrorSink
    private var read: Set<String> = []

    /// nil (and an error recorded) when `value` is not an object.
    init?(_ value: JSONValue, path: String, errors: JSONErrorSink) {
        guard case .object(let members) = value else {
            errors.add(path, "expected object, found \(value.typeName)")
            return nil
        }
        self.path = path
        self.members = members
        self.errors = errors
    }

    func child(_ key: String) -> String { "\(path).\(key)" }

    func value(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = members[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String, required: Bool = false) -> String? {
        guard let value = value(key) else {
            if required { errors.add(child(key), "missing (a string is required)") }
            return nil
        }
        guard let text = value.stringValue else {
            errors.add(child(key), "expected string, found \(value.typeName)")
            return nil
        }
        if required, text.trimmingSpaces.isEmpty { errors.add(child(key), "must not be empty"); return nil }
        return text
    }

    func number(_ key: String, in range: ClosedRange<Double>? = nil, unit: String = "") -> Double? {
        guard let value = value(key) else { return nil }
        guard let number = value.numberValue else {
            errors.add(child(key), "expected number, found \(value.typeName)")
            return nil
        }
        if let range, !range.contains(number) {
            errors.add(child(key), "expected a number in \(range.lowerBound)...\(range.upperBound)\(unit), found \(JSONValue.number(number))")
            return nil
        }
        return number
    }

    func integer(_ key: String) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.intValue else {
            errors.add(child(key), "expected integer, found \(value.typeName == "number" ? value.description : value.typeName)")
            return nil
        }
        return number
    }

    func array(_ key: String, required: Bool = false) -> [JSONValue]? {
        guard let value = value(key) else {
            if required { errors.add(child(key), "missing (an array is required)") }
            return nil
        }
        guard let items = value.arrayValue else {
            errors.add(child(key), "expected array, found \(value.typeName)")
            return nil
        }
        return items
    }

    func strings(_ key: String) -> [String]? {
        guard let items = array(key) else { return nil }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            guard let text = item.stringValue else {
                errors.add("\(child(key))[\(i)]", "expected string, found \(item.typeName)")
                continue
            }
            out.append(text)
        }
        return out
    }

    /// One of `type`'s raw values.
    func choice<T: RawRepresentable & CaseIterable>(_ key: String, _ type: T.Type, required: Bool = false) -> T?
    where T.RawValue == String {
        guard let text = string(key, required: required) else { return nil }
        guard let choice = T(rawValue: text.lowercased()) else {
            errors.add(child(key), "expected one of \(T.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")), found \"\(text)\"")
            return nil
        }
        return choice
    }

    func fail(_ key: String?, _ reason: String) { errors.add(key.map(child) ?? path, reason) }

    /// Records members that no reader asked for; call after reading all known fields.
    func rejectUnknown() {
        for key in members.keys.sorted() where !read.contains(key) {
            errors.add(child(key), "unknown field (known: \(read.sorted().joined(separator: ", ")))")
        }
    }
}

/// Collects (JSON path, reason) pairs for one input.
final class JSONErrorSink {
    let source: String
    private(set) var errors: [OncologyInputError] = []

    init(source: String) { self.source = source }

    func add(_ path: String, _ reason: String) {
        errors.append(OncologyInputError(source: source, location: path, reason: reason))
    }

    func throwIfAny() throws {
        if !errors.isEmpty { throw OncologyInputErrors(errors) }
    }
}
