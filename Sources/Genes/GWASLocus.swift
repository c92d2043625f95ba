/// One GWAS locus of the causal-gene benchmark: a sentinel variant for a trait, the gene the Open
/// Targets gold standards name as causal, and the genes near the variant with their distances
/// (`Benchmarks/genes/make_gwas_loci.py`: GENCODE 32 on GRCh38, within 500 kb, nearest first).
public struct GWASLocus: Equatable, Sendable {
    public struct Candidate: Equatable, Sendable {
        public let symbol: String
        /// Bases from the variant to the gene body; 0 inside the gene.
        public let distance: Int
    }

    /// "STUDY/CHROM:POS": a study has several loci.
    public let id: String
    /// Empty for the many drug-based records that name no rsid.
    public let rsid: String
    public let trait: String
    public let chromosome: String
    public let position: Int
    public let goldGene: String
    public let evidenceClass: String
    /// Nearest first (as the file lists them).
    public let candidates: [Candidate]

    /// "rs6564851 (chr16:81230992, GRCh38)", or the position alone without an rsid.
    public var variant: String {
        let place = "chr\(chromosome):\(position), GRCh38"
        return rsid.isEmpty ? place : "\(rsid) (\(place))"
    }

    /// The nearest-gene baseline: the first candidate.
    public var nearestGene: String? { candidates.first?.symbol }

    /// Reads the tab-separated sample: columns locus, rsid, trait, chromosome, position_grch38,
    /// gold_gene, evidence_class, candidates (`SYMBOL:distance` comma-separated). Errors give
    /// file, line and column.
    public static func load(path: String) throws -> [GWASLocus] {
        let text = try DelimitedText(path: path)
        guard let header = text.lines.first else { throw text.error(nil, .empty(what: "GWAS locus file")) }
        let names = DelimitedText.tabFields(header.text).map(String.init)
        let columns = try ["locus", "rsid", "trait", "chromosome", "position_grch38", "gold_gene", "evidence_class", "candidates"]
            .map { name -> Int in
                guard let index = names.firstIndex(of: name) else { throw text.error(header, .missingColumn(name: name, found: names)) }
                return index
            }
        var loci: [GWASLocus] = []
        var seen: [String: Int] = [:]
        for line in text.lines.dropFirst() {
            let fields = DelimitedText.tabFields(line.text).map(String.init)
            guard fields.count == names.count else {
                throw text.error(line, .malformedRow("expected \(names.count) tab-separated fields, found \(fields.count)"))
            }
            let cell = { (index: Int) in fields[columns[index]] }
            guard !cell(0).isEmpty else { throw text.error(line, column: columns[0] + 1, .empty(what: "locus id")) }
            if let first = seen.updateValue(line.number, forKey: cell(0)) {
                throw text.error(line, column: columns[0] + 1, .duplicate(key: cell(0), firstLine: first))
            }
            guard let position = Int(cell(4)) else {
                throw text.error(line, column: columns[4] + 1, .notNumeric(value: cell(4), field: "position_grch38"))
            }
            let candidates = try cell(7).split(separator: ",").map { entry -> Candidate in
                let parts = entry.split(separator: ":")
                guard parts.count == 2, let distance = Int(parts[1]), distance >= 0 else {
                    throw text.error(line, column: columns[7] + 1, .malformedRow("candidate \"\(entry)\" is not SYMBOL:distance"))
                }
                return Candidate(symbol: String(parts[0]), distance: distance)
            }
            guard !candidates.isEmpty else { throw text.error(line, column: columns[7] + 1, .empty(what: "candidate list")) }
            loci.append(GWASLocus(id: cell(0), rsid: cell(1), trait: cell(2), chromosome: cell(3), position: position,
                                  goldGene: cell(5), evidenceClass: cell(6), candidates: candidates))
        }
        guard !loci.isEmpty else { throw text.error(nil, .empty(what: "GWAS locus file")) }
        return loci
    }
}
