import Foundation

/// Offline gene knowledge for claim checking: HGNC names, GO annotations with the term graph,
/// Hallmark and Reactome membership and RefSeq summaries, all keyed by current HGNC symbol.
///
/// Source files spell genes as of their own release (Reactome 2021 says SEPT7, HGNC now SEPTIN7);
/// each source symbol is mapped through HGNC (approved, previous, alias; no Excel repair) and kept
/// as written when that mapping is not to exactly one gene.
public struct KnowledgeBase: Sendable {
    public let hgnc: HGNCTable
    public let normalizer: SymbolNormalizer
    public let ontologies: [GOAspect: GeneOntology]
    public let hallmark: GeneSetCollection
    public let reactome: GeneSetCollection
    public let summaries: GeneSummaries

    /// Where each file lies under the data directory; the shared snapshot's layout by default.
    public struct Layout: Sendable {
        public var hgnc = "hgnc/hgnc_entries.tsv"
        public var goGraph = "go/go_%@_collapsed.symbol.tsv"
        public var goNames = "go/go_%@_id2name.tsv"
        public var hallmark = "msigdb/h.all.v7.5.1.symbols.gmt"
        public var reactome = "reactome/ReactomePathways_2021-10.gmt"
        public var summaries = "summaries/refseq_narrative_summaries_4057genes.txt"
        public init() {}
    }

    public init(directory: String, layout: Layout = Layout()) throws {
        let path = { (relative: String) in URL(fileURLWithPath: directory).appendingPathComponent(relative).path }
        hgnc = try HGNCTable(path: path(layout.hgnc))
        normalizer = SymbolNormalizer(table: hgnc)
        var cache: [String: String] = [:]
        let current = { [normalizer] (symbol: String) -> String in
            if let known = cache[symbol] { return known }
            let mapped = normalizer.currentSymbol(symbol) ?? symbol
            cache[symbol] = mapped
            return mapped
        }
        hallmark = try GeneSetCollection.hallmark(path: path(layout.hallmark), source: "MSigDB Hallmark v7.5.1").mapped(current)
        reactome = try GeneSetCollection.reactome(path: path(layout.reactome), source: "Reactome 2021-10").mapped(current)
        summaries = try GeneSummaries(path: path(layout.summaries), source: "RefSeq summary").mapped(current)
        var ontologies: [GOAspect: GeneOntology] = [:]
        for aspect in GOAspect.allCases {
            ontologies[aspect] = try GeneOntology(
                aspect: aspect,
                graphPath: path(String(format: layout.goGraph, aspect.rawValue)),
                namesPath: path(String(format: layout.goNames, aspect.rawValue))).mapped(current)
        }
        self.ontologies = ontologies
    }

    /// The approved HGNC entry for a current symbol.
    public func entry(_ symbol: String) -> HGNCEntry? { hgnc.entry(approvedSymbol: symbol) }

    /// Direct GO annotations of a gene (current symbol) in one aspect.
    public func goAnnotations(_ symbol: String, aspect: GOAspect) -> [String] {
        ontologies[aspect]?.annotations[symbol] ?? []
    }

    /// The gene's direct annotations in `aspect` that reach `term` through the graph.
    public func annotationsReaching(_ term: String, aspect: GOAspect, gene symbol: String) -> [String] {
        ontologies[aspect]?.annotationsReaching(term, gene: symbol) ?? []
    }

    public func summary(_ symbol: String) -> String? { summaries.texts[symbol] }

    /// Current symbols of the genes annotated to `term` or below it: a propagated GO gene set
    /// (for silver standards such as "heme biosynthetic process").
    public func genes(reaching term: String, aspect: GOAspect) -> [String] {
        ontologies[aspect]?.genes(reaching: term) ?? []
    }
}
