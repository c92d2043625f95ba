/// Per-gene statistics computed elsewhere (a differential-expression table): a header row naming
/// a gene column (`gene` or `symbol`) and numeric columns (`mean`, `log2FoldChange`, `pvalue`...,
/// kept under the file's own names), then one row per gene. Tab-separated or CSV. `NA` cells are
/// allowed here (tools write them for untestable genes) and read as missing.
public struct GeneStatisticsTable: Equatable, Sendable {
    public let path: String
    /// The numeric column names, in file order.
    public let columns: [String]
    public let genes: [String]
    private let rows: [String: [Double?]]

    static let geneColumns = ["gene", "symbol", "gene_symbol", "genesymbol"]
    static let missing: Set<String> = ["NA", "NaN", ""]

    public init(path: String) throws {
        let text = try DelimitedText(path: path)
        self.path = path
        guard let header = text.lines.first else { throw text.error(nil, .empty(what: "gene statistics table")) }
        let tabbed = header.text.contains("\t")
        let names = try text.fields(header, tabSeparated: tabbed).map(\.trimmed)
        guard let geneAt = names.firstIndex(where: { Self.geneColumns.contains($0.lowercased()) }) else {
            throw text.error(header, .missingColumn(name: "gene", found: names))
        }
        let numeric = names.indices.filter { $0 != geneAt }
        guard !numeric.isEmpty else { throw text.error(header, .malformedRow("no statistic columns besides the gene")) }
        var genes: [String] = [], rows: [String: [Double?]] = [:], lineOf: [String: Int] = [:]
        for line in text.lines.dropFirst() {
            let fields = try text.fields(line, tabSeparated: tabbed)
            guard fields.count == names.count else {
                throw text.error(line, .malformedRow("expected \(names.count) fields, found \(fields.count)"))
            }
            let gene = fields[geneAt].trimmed
            guard !gene.isEmpty else { throw text.error(line, column: geneAt + 1, .malformedRow("empty gene id")) }
            if let first = lineOf[gene] { throw text.error(line, column: geneAt + 1, .duplicate(key: gene, firstLine: first)) }
            lineOf[gene] = line.number
            rows[gene] = try numeric.map { column -> Double? in
                let cell = fields[column].trimmed
                if Self.missing.contains(cell) { return nil }
                guard let value = Double(cell), value.isFinite else {
                    throw text.error(line, column: column + 1, .notNumeric(value: cell, field: "gene \(gene), \(names[column])"))
                }
                return value
            }
            genes.append(gene)
        }
        guard !genes.isEmpty else { throw text.error(header, .empty(what: "gene statistics table")) }
        columns = numeric.map { names[$0] }
        self.genes = genes
        self.rows = rows
    }

    /// The gene's value in `column`; nil when the gene, the column or the value is missing.
    public func value(_ gene: String, _ column: String) -> Double? {
        guard let index = columns.firstIndex(of: column), let row = rows[gene] else { return nil }
        return row[index]
    }

    public func hasGene(_ gene: String) -> Bool { rows[gene] != nil }
}
