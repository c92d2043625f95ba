/// The three GO aspects, by the abbreviations the data files use.
public enum GOAspect: String, CaseIterable, Sendable {
    case process = "BP", component = "CC", function = "MF"
}

/// One GO aspect: term names, the term graph and direct gene annotations, as in the DDOT-collapsed
/// files (`go_BP_collapsed.symbol.tsv`: `parent<TAB>child<TAB>default` for a term edge,
/// `term<TAB>gene<TAB>gene` for an annotation; `go_BP_id2name.tsv`: `id<TAB>name`).
///
/// The collapsed graph does not say whether an edge is is_a, part_of or regulates. Annotations
/// propagate up is_a and part_of but not up regulates (GO's own rule), so an edge from a
/// "regulation of X" term to a parent that is not itself a regulation term is treated as
/// regulates and not followed: an annotation to "regulation of heme biosynthetic process" does
/// not support "involved in heme biosynthetic process".
public struct GeneOntology: Sendable {
    public let aspect: GOAspect
    /// Term id to name, for every term the name file lists (also those the collapsed graph dropped).
    public let names: [String: String]
    /// Term id to the parents annotations propagate to.
    let parents: [String: [String]]
    /// Gene symbol (as the file spells it) to its directly annotated term ids, in file order.
    public let annotations: [String: [String]]
    /// Terms that occur in the graph or in an annotation.
    public let graphTerms: Set<String>

    public init(aspect: GOAspect, graphPath: String, namesPath: String) throws {
        try self.init(aspect: aspect, graph: DelimitedText(path: graphPath), names: DelimitedText(path: namesPath))
    }

    init(aspect: GOAspect, graph: DelimitedText, names nameText: DelimitedText) throws {
        self.aspect = aspect
        var names: [String: String] = [:]
        for line in nameText.lines {
            let fields = DelimitedText.tabFields(line.text)
            // The name files start with a pandas index row ("\t0"): no id, skipped.
            guard fields.count == 2, !fields[0].isEmpty else {
                if fields.first?.isEmpty == true { continue }
                throw nameText.error(line, .malformedRow("expected \"GO id<TAB>name\""))
            }
            names[String(fields[0])] = String(fields[1])
        }
        var edges: [(child: String, parent: String)] = []
        var annotations: [String: [String]] = [:]
        var terms = Set<String>()
        for line in graph.lines {
            let fields = DelimitedText.tabFields(line.text)
            guard fields.count == 3 else {
                throw graph.error(line, .malformedRow("expected 3 tab-separated fields, found \(fields.count)"))
            }
            let first = String(fields[0]), second = String(fields[1])
            switch fields[2] {
            case "default":
                edges.append((second, first)); terms.insert(first); terms.insert(second)
            case "gene":
                annotations[second, default: []].append(first); terms.insert(first)
            default:
                throw graph.error(line, column: 3, .malformedRow("expected \"default\" or \"gene\", found \"\(fields[2])\""))
            }
        }
        guard !annotations.isEmpty else { throw graph.error(nil, .empty(what: "GO annotation file")) }
        var parents: [String: [String]] = [:]
        for edge in edges where !Self.isRegulates(child: names[edge.child], parent: names[edge.parent]) {
            parents[edge.child, default: []].append(edge.parent)
        }
        self.names = names
        self.parents = parents
        self.annotations = annotations
        self.graphTerms = terms
    }

    /// `term` and every term annotations to it propagate to.
    public func ancestors(of term: String) -> Set<String> {
        var seen: Set<String> = [term]
        var stack = [term]
        while let next = stack.popLast() {
            for parent in parents[next] ?? [] where seen.insert(parent).inserted { stack.append(parent) }
        }
        return seen
    }

    /// Genes annotated to `term` or a term below it (through is_a/part_of), sorted: the
    /// propagated gene set of a term, as silver standards need.
    public func genes(reaching term: String) -> [String] {
        annotations.keys.filter { !annotationsReaching(term, gene: $0).isEmpty }.sorted()
    }

    /// Which of the gene's direct annotations reach `term` (itself or a descendant of it).
    public func annotationsReaching(_ term: String, gene: String) -> [String] {
        (annotations[gene] ?? []).filter { ancestors(of: $0).contains(term) }
    }

    /// The same ontology with annotation keys rewritten (to current HGNC symbols); genes that
    /// map to one symbol have their annotations merged.
    func mapped(_ rename: (String) -> String) -> GeneOntology {
        var merged: [String: [String]] = [:]
        for gene in annotations.keys.sorted() {
            let key = rename(gene)
            for term in annotations[gene] ?? [] where merged[key]?.contains(term) != true {
                merged[key, default: []].append(term)
            }
        }
        return GeneOntology(aspect: aspect, names: names, parents: parents, annotations: merged, graphTerms: graphTerms)
    }

    private init(aspect: GOAspect, names: [String: String], parents: [String: [String]],
                 annotations: [String: [String]], graphTerms: Set<String>) {
        self.aspect = aspect
        self.names = names
        self.parents = parents
        self.annotations = annotations
        self.graphTerms = graphTerms
    }

    static let regulationPrefixes = ["regulation of ", "positive regulation of ", "negative regulation of "]

    static func isRegulates(child: String?, parent: String?) -> Bool {
        guard let child, let parent else { return false }
        let regulation = { (name: String) in regulationPrefixes.contains { name.hasPrefix($0) } }
        return regulation(child) && !regulation(parent)
    }
}
