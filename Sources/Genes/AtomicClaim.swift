import Support

/// One checkable statement about one gene, split out of a score's justification by a model step
/// (schema: Prompts/schemas/atomic-claims.json).
public struct AtomicClaim: Equatable, Sendable {
    /// The gene as the justification names it; the checker maps it through HGNC.
    public let gene: String
    public let relation: Relation
    /// The words of the justification the claim came from, if the splitter quoted them.
    public let quote: String?

    public enum Relation: Equatable, Sendable {
        /// "ALAS2 is involved in heme biosynthesis": a biological process.
        case involvedIn(process: String)
        /// "... is located in the mitochondrial matrix": a cellular component.
        case locatedIn(component: String)
        /// "... has 5-aminolevulinate synthase activity": a molecular function.
        case hasFunction(function: String)
        /// "... is in the heme metabolism pathway": a Hallmark or Reactome set, by name or id.
        case memberOfPathway(name: String)
        /// "... is a biomarker for sideroblastic anemia": free text; no offline source holds these.
        case isBiomarkerFor(String)
        /// "... is the target of eltrombopag": free text; no offline source holds these.
        case isDrugTarget(String)
        /// A cited PMID or DOI, as written.
        case cites(String)

        /// The relation names used in JSON.
        public static let names = ["involved_in", "located_in", "has_function", "member_of_pathway",
                                   "is_biomarker_for", "is_drug_target", "cites"]

        public var name: String {
            switch self {
            case .involvedIn: return "involved_in"
            case .locatedIn: return "located_in"
            case .hasFunction: return "has_function"
            case .memberOfPathway: return "member_of_pathway"
            case .isBiomarkerFor: return "is_biomarker_for"
            case .isDrugTarget: return "is_drug_target"
            case .cites: return "cites"
            }
        }

        public var object: String {
            switch self {
            case .involvedIn(let text), .locatedIn(let text), .hasFunction(let text), .memberOfPathway(let text),
                 .isBiomarkerFor(let text), .isDrugTarget(let text), .cites(let text):
                return text
            }
        }

        public init?(name: String, object: String) {
            switch name {
            case "involved_in": self = .involvedIn(process: object)
            case "located_in": self = .locatedIn(component: object)
            case "has_function": self = .hasFunction(function: object)
            case "member_of_pathway": self = .memberOfPathway(name: object)
            case "is_biomarker_for": self = .isBiomarkerFor(object)
            case "is_drug_target": self = .isDrugTarget(object)
            case "cites": self = .cites(object)
            default: return nil
            }
        }
    }

    public init(gene: String, relation: Relation, quote: String? = nil) {
        self.gene = gene
        self.relation = relation
        self.quote = quote
    }
}

// MARK: JSON

extension AtomicClaim {
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "gene": .string(gene), "relation": .string(relation.name), "object": .string(relation.object),
        ]
        if let quote { members["quote"] = .string(quote) }
        return .object(members)
    }

    /// A claim from `{"gene", "relation", "object", "quote"?}`; errors name the JSON path.
    public init(json: JSONValue, path: String = "$") throws {
        func field(_ key: String) throws -> String {
            guard let value = json[key] else { throw Self.error(path, "missing field \"\(key)\"") }
            guard let text = value.stringValue, !text.trimmed.isEmpty else {
                throw Self.error("\(path).\(key)", "expected a non-empty string, found \(value.typeName)")
            }
            return text.trimmed
        }
        guard json.objectValue != nil else { throw Self.error(path, "expected object, found \(json.typeName)") }
        let name = try field("relation")
        guard let relation = Relation(name: name, object: try field("object")) else {
            throw Self.error("\(path).relation", "unknown relation \"\(name)\" (known: \(Relation.names.joined(separator: ", ")))")
        }
        self.init(gene: try field("gene"), relation: relation, quote: json["quote"]?.stringValue)
    }

    /// The claims of a splitter answer `{"claims": [...]}`.
    public static func list(from answer: JSONValue) throws -> [AtomicClaim] {
        guard let items = answer["claims"]?.arrayValue else {
            throw error("$.claims", "expected an array of claims")
        }
        return try items.enumerated().map { try AtomicClaim(json: $1, path: "$.claims[\($0)]") }
    }

    private static func error(_ path: String, _ why: String) -> GenesError {
        GenesError(file: "claims", .invalid("\(path): \(why)"))
    }
}
