/// The key/value section of a GGUF file, in file order, with typed look-ups whose errors name the key.
public struct GGUFMetadata: Sendable {
    public private(set) var keys: [String] = []
    private var values: [String: GGUFValue] = [:]
    /// The file name, for error messages.
    let file: String

    init(file: String) { self.file = file }

    /// Adds a key; returns false when the key is already present (a duplicate).
    mutating func insert(_ key: String, _ value: GGUFValue) -> Bool {
        guard values[key] == nil else { return false }
        keys.append(key)
        values[key] = value
        return true
    }

    public subscript(key: String) -> GGUFValue? { values[key] }

    public func contains(_ key: String) -> Bool { values[key] != nil }

    private func missing(_ key: String) -> GGUFError {
        GGUFError(file: file, offset: nil, field: "metadata '\(key)'", reason: "required key is missing")
    }

    private func wrongType(_ key: String, _ expected: String) -> GGUFError {
        GGUFError(file: file, offset: nil, field: "metadata '\(key)'",
                  reason: "expected \(expected), found \(values[key]?.summary ?? "nothing")")
    }

    public func int(_ key: String) throws -> Int {
        guard let v = values[key] else { throw missing(key) }
        guard let i = v.intValue else { throw wrongType(key, "an integer") }
        return i
    }

    public func int(_ key: String, default fallback: Int) throws -> Int {
        values[key] == nil ? fallback : try int(key)
    }

    public func float(_ key: String) throws -> Float {
        guard let v = values[key] else { throw missing(key) }
        guard let d = v.doubleValue else { throw wrongType(key, "a number") }
        return Float(d)
    }

    public func float(_ key: String, default fallback: Float) throws -> Float {
        values[key] == nil ? fallback : try float(key)
    }

    public func string(_ key: String) throws -> String {
        guard let v = values[key] else { throw missing(key) }
        guard let s = v.stringValue else { throw wrongType(key, "a string") }
        return s
    }

    public func optionalString(_ key: String) throws -> String? {
        values[key] == nil ? nil : try string(key)
    }

    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let v = values[key] else { return fallback }
        guard let b = v.boolValue else { throw wrongType(key, "a boolean") }
        return b
    }

    public func stringArray(_ key: String) throws -> [String] {
        guard let v = values[key] else { throw missing(key) }
        guard case .array(.string, let items) = v else { throw wrongType(key, "an array of strings") }
        return items.map { $0.stringValue ?? "" }
    }

    public func intArray(_ key: String) throws -> [Int] {
        guard let v = values[key] else { throw missing(key) }
        guard let items = v.arrayValue else { throw wrongType(key, "an array of integers") }
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let i = item.intValue else { throw wrongType(key, "an array of integers") }
            out.append(i)
        }
        return out
    }

    public func floatArray(_ key: String) throws -> [Float] {
        guard let v = values[key] else { throw missing(key) }
        guard let items = v.arrayValue else { throw wrongType(key, "an array of numbers") }
        var out: [Float] = []
        out.reserveCapacity(items.count)
        for item in items {
            guard let d = item.doubleValue else { throw wrongType(key, "an array of numbers") }
            out.append(Float(d))
        }
        return out
    }
}
