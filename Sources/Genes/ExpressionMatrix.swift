/// A genes-by-samples expression matrix: a header row of sample ids, then one row per gene (the
/// gene id first, one number per sample). Tab-separated if the header holds a tab, CSV otherwise.
public struct ExpressionMatrix: Equatable, Sendable {
    public let path: String
    public let samples: [String]
    /// Gene ids as the file writes them, in file order.
    public let genes: [String]
    /// values[gene][sample].
    public let values: [[Double]]
    private let rowIndex: [String: Int]

    public init(path: String) throws {
        try self.init(text: DelimitedText(path: path))
    }

    init(text: DelimitedText) throws {
        path = text.path
        guard let header = text.lines.first else { throw text.error(nil, .empty(what: "expression matrix")) }
        let tabbed = header.text.contains("\t")
        let names = try text.fields(header, tabSeparated: tabbed).map(\.trimmed)
        let samples = Array(names.dropFirst())
        guard !samples.isEmpty else { throw text.error(header, .malformedRow("the header names no samples")) }
        var firstColumn: [String: Int] = [:]
        for (index, sample) in samples.enumerated() {
            guard !sample.isEmpty else { throw text.error(header, column: index + 2, .malformedRow("empty sample id")) }
            if let first = firstColumn[sample] {
                throw text.error(header, column: index + 2,
                                 .invalid("sample \"\(sample)\" appears twice (columns \(first + 2) and \(index + 2))"))
            }
            firstColumn[sample] = index
        }
        var genes: [String] = [], values: [[Double]] = [], rowIndex: [String: Int] = [:], lineOf: [String: Int] = [:]
        for line in text.lines.dropFirst() {
            let fields = try text.fields(line, tabSeparated: tabbed)
            guard fields.count == names.count else {
                throw text.error(line, .malformedRow("expected \(names.count) fields (gene + \(samples.count) samples), found \(fields.count)"))
            }
            let gene = fields[0].trimmed
            guard !gene.isEmpty else { throw text.error(line, column: 1, .malformedRow("empty gene id")) }
            if let first = lineOf[gene] { throw text.error(line, column: 1, .duplicate(key: gene, firstLine: first)) }
            lineOf[gene] = line.number
            var row: [Double] = []
            row.reserveCapacity(samples.count)
            for (index, cell) in fields.dropFirst().enumerated() {
                let trimmed = cell.trimmed
                guard let value = Double(trimmed), value.isFinite else {
                    throw text.error(line, column: index + 2, .notNumeric(value: trimmed, field: "gene \(gene), sample \(samples[index])"))
                }
                row.append(value)
            }
            rowIndex[gene] = genes.count
            genes.append(gene)
            values.append(row)
        }
        guard !genes.isEmpty else { throw text.error(header, .empty(what: "expression matrix")) }
        self.samples = samples
        self.genes = genes
        self.values = values
        self.rowIndex = rowIndex
    }

    public func row(_ gene: String) -> [Double]? { rowIndex[gene].map { values[$0] } }
}

extension ExpressionMatrix {
    /// Current HGNC symbol to row id, for matrices written in older symbols ("FAM46C" rows for
    /// TENT5C). A row whose id is already the approved symbol wins over one that maps to it.
    public func rowsByCurrentSymbol(_ normalizer: SymbolNormalizer) -> [String: String] {
        var rows: [String: String] = [:]
        for gene in genes {
            guard let current = normalizer.currentSymbol(gene) else { continue }
            if rows[current] == nil || gene == current { rows[current] = gene }
        }
        return rows
    }
}
