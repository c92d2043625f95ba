import Support

/// Why a provider configuration was rejected, and where in its JSON.
public struct ProviderConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A JSON path (`$.retry.max_attempts`), or `byte N` when the text is not JSON.
    public var location: String
    public var reason: String

    public var description: String { "\(location): \(reason)" }
}

/// Reads one JSON object's fields with typed getters that name the field's path when they fail,
/// and rejects keys nobody asked for (a misspelt `max_concurency` must not be silently ignored).
struct ConfigReader {
    let object: [String: JSONValue]
    let path: JSONPath
    private var read: Set<String> = []

    init(_ value: JSONValue, path: JSONPath) throws {
        guard let object = value.objectValue else { throw ProviderConfigError(location: path.description, reason: "expected an object, found \(value.typeName)") }
        self.object = object
        self.path = path
    }

    func has(_ key: String) -> Bool { object[key] != nil }

    /// Present and null: the field was cleared on purpose.
    func isNull(_ key: String) -> Bool { object[key]?.isNull ?? false }

    mutating func string(_ key: String) throws -> String? {
        guard let value = take(key) else { return nil }
        guard let text = value.stringValue, !text.isEmpty else { throw fail(key, "expected a non-empty string, found \(found(value))") }
        return text
    }

    mutating func requiredString(_ key: String) throws -> String {
        guard let text = try string(key) else { throw fail(key, "required string is missing") }
        return text
    }

    mutating func int(_ key: String, atLeast minimum: Int) throws -> Int? {
        guard let value = take(key) else { return nil }
        guard let number = value.intValue, number >= minimum else { throw fail(key, "expected an integer >= \(minimum), found \(found(value))") }
        return number
    }

    mutating func seconds(_ key: String, allowZero: Bool = false) throws -> Double? {
        guard let value = take(key) else { return nil }
        guard let number = value.numberValue, number.isFinite, allowZero ? number >= 0 : number > 0 else {
            throw fail(key, "expected a number of seconds \(allowZero ? ">= 0" : "> 0"), found \(found(value))")
        }
        return number
    }

    mutating func bool(_ key: String) throws -> Bool? {
        guard let value = take(key) else { return nil }
        guard let flag = value.boolValue else { throw fail(key, "expected true or false, found \(found(value))") }
        return flag
    }

    mutating func object(_ key: String) throws -> ConfigReader? {
        guard let value = take(key) else { return nil }
        return try ConfigReader(value, path: path.appending(.key(key)))
    }

    /// Marks a key as understood without reading it (null-able fields read through `isNull`).
    mutating func accept(_ key: String) { read.insert(key) }

    /// Fails on the first key (in sorted order) that no getter read.
    func rejectUnknownKeys(allowed: String) throws {
        if let extra = object.keys.sorted().first(where: { !read.contains($0) }) {
            throw fail(extra, "unknown field; allowed here: \(allowed)")
        }
    }

    func fail(_ key: String, _ reason: String) -> ProviderConfigError {
        ProviderConfigError(location: path.appending(.key(key)).description, reason: reason)
    }

    /// A value absent or null counts as not given.
    private mutating func take(_ key: String) -> JSONValue? {
        read.insert(key)
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    private func found(_ value: JSONValue) -> String {
        let text = value.canonicalText
        return text.count > 40 ? value.typeName : text
    }
}
