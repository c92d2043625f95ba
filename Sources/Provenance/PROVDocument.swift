import Support

/// A W3C PROV-JSON document being built (https://www.w3.org/Submission/prov-json/): records
/// keyed by qualified name under "entity", "activity", "agent", and relations under "used",
/// "wasGeneratedBy", ... each keyed by a blank-node id ("_:r1").
struct PROVDocument {
    private(set) var prefixes: [String: JSONValue] = [:]
    private var records: [String: [String: JSONValue]] = [:]
    private var relationCount = 0
    private var seenRelations: Set<String> = []

    mutating func prefix(_ name: String, _ uri: String) { prefixes[name] = .string(uri) }

    /// Adds (or merges attributes into) an entity, activity or agent.
    mutating func add(_ kind: String, _ id: String, _ attributes: [String: JSONValue]) {
        var section = records[kind] ?? [:]
        let merged = (section[id]?.objectValue ?? [:]).merging(attributes, uniquingKeysWith: { _, new in new })
        section[id] = .object(merged)
        records[kind] = section
    }

    /// Adds a relation such as "used" with its `prov:` members and any extra attributes.
    /// The same relation twice (a model acting for its provider, once per call) is written once.
    mutating func relate(_ kind: String, _ members: [String: JSONValue]) {
        guard seenRelations.insert(kind + JSONValue.object(members).canonicalText).inserted else { return }
        relationCount += 1
        add(kind, "_:r\(relationCount)", members)
    }

    var json: JSONValue {
        var top: [String: JSONValue] = ["prefix": .object(prefixes)]
        for (kind, section) in records { top[kind] = .object(section) }
        return .object(top)
    }

    /// A `prov:type` (or other) value that is a qualified name, typed as PROV-JSON asks.
    static func qualifiedName(_ name: String) -> JSONValue {
        .object(["$": .string(name), "type": "prov:QUALIFIED_NAME"])
    }

    /// An `xsd:dateTime` literal.
    static func dateTime(_ text: String) -> JSONValue {
        .object(["$": .string(text), "type": "xsd:dateTime"])
    }

    /// Makes text safe as the local part of a qualified name: letters, digits and `-_/` stay,
    /// everything else is percent-encoded (PROV-N's PN_LOCAL allows `%hh` escapes).
    static func local(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out.isEmpty ? "_" : out
    }
}
