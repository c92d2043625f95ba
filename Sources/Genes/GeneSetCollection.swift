import Foundation

/// A named collection of gene sets (MSigDB Hallmark, Reactome) with an index by gene.
public struct GeneSetCollection: Sendable {
    /// "MSigDB Hallmark v7.5.1", "Reactome 2021-10": shown as the source of evidence.
    public let source: String
    public let sets: [GeneSet]
    private let byGene: [String: [Int]]
    private let byName: [String: Int]

    public struct GeneSet: Equatable, Sendable {
        /// The official name: "HALLMARK_HEME_METABOLISM", "Heme biosynthesis".
        public let name: String
        /// A stable id when the source has one ("R-HSA-189451"), else the name.
        public let id: String
        public let genes: Set<String>
    }

    public init(source: String, sets: [GeneSet]) {
        self.source = source
        self.sets = sets
        var byGene: [String: [Int]] = [:]
        for (index, set) in sets.enumerated() {
            for gene in set.genes { byGene[gene, default: []].append(index) }
        }
        self.byGene = byGene
        byName = Dictionary(sets.enumerated().map { ($1.name.uppercased(), $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func sets(containing gene: String) -> [GeneSet] { (byGene[gene] ?? []).map { sets[$0] } }

    /// The set with this name or id, case-insensitively.
    public func set(named name: String) -> GeneSet? {
        if let index = byName[name.uppercased()] { return sets[index] }
        return sets.first { $0.id.caseInsensitiveEquals(name) }
    }

    /// MSigDB Hallmark GMT. The copy's first column drops the `HALLMARK_` prefix; the official
    /// name is the last part of the card URL in the second column, or the prefix is put back.
    public static func hallmark(path: String, source: String) throws -> GeneSetCollection {
        let sets = try GeneSetFile.gmt(path: path).map { module -> GeneSet in
            let fromURL = module.title?.split(separator: "/").last.map(String.init)
            let name = fromURL.flatMap { $0.hasPrefix("HALLMARK_") ? $0 : nil }
                ?? (module.id.hasPrefix("HALLMARK_") ? module.id : "HALLMARK_" + module.id)
            return GeneSet(name: name, id: name, genes: Set(module.symbols))
        }
        return GeneSetCollection(source: source, sets: sets)
    }

    /// Reactome GMT: `Heme-biosynthesis<TAB>R-HSA-189451<TAB>genes`; hyphens in the name stand for
    /// spaces in this export.
    public static func reactome(path: String, source: String) throws -> GeneSetCollection {
        let sets = try GeneSetFile.gmt(path: path).map { module in
            GeneSet(name: module.id.replacingOccurrences(of: "-", with: " "), id: module.title ?? module.id,
                    genes: Set(module.symbols))
        }
        return GeneSetCollection(source: source, sets: sets)
    }

    /// The same collection with gene symbols rewritten (to current HGNC symbols).
    func mapped(_ rename: (String) -> String) -> GeneSetCollection {
        GeneSetCollection(source: source, sets: sets.map {
            GeneSet(name: $0.name, id: $0.id, genes: Set($0.genes.map(rename)))
        })
    }
}
