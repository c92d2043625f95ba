/// A string-keyed map that remembers insertion order, as Python dicts do: templates iterate
/// dicts and `tojson` prints them, and both must follow the order the caller gave.
struct OrderedStringMap<Element: Sendable>: Sendable {
    private(set) var keys: [String] = []
    private var storage: [String: Element] = [:]

    init() {}

    init(_ pairs: [(String, Element)]) {
        for (key, value) in pairs { self[key] = value }
    }

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    /// Setting an existing key keeps its original place, as Python does.
    subscript(key: String) -> Element? {
        get { storage[key] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: key) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: key) != nil {
                keys.removeAll { $0 == key }
            }
        }
    }

    /// Key/value pairs in insertion order.
    var pairs: [(key: String, value: Element)] {
        keys.compactMap { key in storage[key].map { (key: key, value: $0) } }
    }

    var values: [Element] { pairs.map(\.value) }

    func mapValues<T>(_ transform: (Element) throws -> T) rethrows -> OrderedStringMap<T> {
        var result = OrderedStringMap<T>()
        for (key, value) in pairs { result[key] = try transform(value) }
        return result
    }
}

extension OrderedStringMap: Equatable where Element: Equatable {
    static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.keys == rhs.keys && lhs.storage == rhs.storage
    }
}
