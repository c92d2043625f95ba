import Genes
import Support

/// A silver standard for one criterion: the genes that shipped knowledge (Hallmark membership,
/// GO annotations propagated up the term graph) places in that criterion's biology. Silver, not
/// gold: membership says a curator linked the gene to the biology, not how strongly. Declared in
/// the criteria preset (`silver_sets`), resolved against the knowledge base before any model call.
public struct SilverSet: Sendable {
    public struct Spec: Equatable, Sendable {
        public struct Term: Equatable, Sendable {
            public let id: String
            public let aspect: GOAspect
            /// The term's name as the preset states it; checked against the ontology, so a
            /// mistyped id fails instead of measuring against the wrong term.
            public let name: String
        }

        /// A short key used in metric names ("go_erythroid_heme_oxygen").
        public let name: String
        /// The criterion key whose scores are measured.
        public let criterion: String
        public let hallmark: [String]
        public let terms: [Term]
        /// Why these sets and terms: shown in the report.
        public let why: String
    }

    public let spec: Spec
    /// Current HGNC symbols in the set.
    public let members: Set<String>

    public init(spec: Spec, knowledge: KnowledgeBase, presetFile: String) throws {
        self.spec = spec
        var members = Set<String>()
        for name in spec.hallmark {
            guard let set = knowledge.hallmark.set(named: name) else {
                throw GeneJobError.input(source: "\(presetFile): silver set \(spec.name)", reason: "no Hallmark set \"\(name)\" in \(knowledge.hallmark.source)")
            }
            members.formUnion(set.genes)
        }
        for term in spec.terms {
            let found = knowledge.ontologies[term.aspect]?.names[term.id]
            guard found == term.name else {
                throw GeneJobError.input(source: "\(presetFile): silver set \(spec.name)",
                                         reason: "GO \(term.aspect.rawValue) term \(term.id) is named \(found.map { "\"\($0)\"" } ?? "nowhere in the ontology"), expected \"\(term.name)\"")
            }
            members.formUnion(knowledge.genes(reaching: term.id, aspect: term.aspect))
        }
        self.members = members
    }

    /// Reads the preset's `silver_sets` list; `criteria` are the preset's keys.
    static func specs(_ list: [JSONValue], criteria: [String], fail: (String, String) -> GeneJobError) throws -> [Spec] {
        var names = Set<String>()
        return try list.enumerated().map { index, item in
            let path = "$.silver_sets[\(index)]"
            guard let name = item["name"]?.stringValue, let criterion = item["criterion"]?.stringValue,
                  let why = item["why"]?.stringValue else {
                throw fail(path, "expected name, criterion and why (strings)")
            }
            guard criteria.contains(criterion) else {
                throw fail(path + ".criterion", "\"\(criterion)\" is not one of the preset's criteria (\(criteria.joined(separator: ", ")))")
            }
            guard names.insert(name).inserted else { throw fail(path + ".name", "\"\(name)\" is used twice") }
            let hallmark = try (item["hallmark"]?.arrayValue ?? []).enumerated().map { position, value in
                guard let text = value.stringValue else { throw fail("\(path).hallmark[\(position)]", "expected a set name") }
                return text
            }
            let terms = try (item["go"]?.arrayValue ?? []).enumerated().map { position, value -> Spec.Term in
                guard let id = value["id"]?.stringValue, let termName = value["name"]?.stringValue,
                      let aspect = value["aspect"]?.stringValue.flatMap(GOAspect.init(rawValue:)) else {
                    throw fail("\(path).go[\(position)]", "expected id, name and aspect (BP, CC or MF)")
                }
                return Spec.Term(id: id, aspect: aspect, name: termName)
            }
            guard !hallmark.isEmpty || !terms.isEmpty else { throw fail(path, "expected a hallmark or go list that is not empty") }
            return Spec(name: name, criterion: criterion, hallmark: hallmark, terms: terms, why: why)
        }
    }
}
