import Foundation

/// The BloodGen3 module repertoire (Altman et al. 2021): modules "M9.2" grouped into aggregates
/// "A37", read from the package's `Module_listGen3.csv` (one row per Illumina probe, so a gene
/// can repeat within a module).
public struct BloodGen3Repertoire: Sendable {
    public let path: String
    /// Modules in file order.
    public let modules: [GeneModule]
    /// Aggregate id to its module ids, in file order.
    public let aggregates: [String: [String]]
    private let moduleIndex: [String: Int]

    /// Columns read by name; `Cluter` is the package's own spelling of the aggregate column.
    static let moduleColumn = "Module", geneColumn = "Gene", functionColumn = "Function"
    static let aggregateColumns = ["Cluter", "Cluster"]

    public init(path: String) throws {
        try self.init(text: DelimitedText(path: path))
    }

    init(text: DelimitedText) throws {
        path = text.path
        guard let header = text.lines.first else { throw text.error(nil, .empty(what: "module list")) }
        let names = try text.csvFields(header)
        func column(_ candidates: [String]) throws -> Int {
            guard let index = names.firstIndex(where: candidates.contains) else {
                throw text.error(header, .missingColumn(name: candidates[0], found: names))
            }
            return index
        }
        let moduleAt = try column([Self.moduleColumn]), geneAt = try column([Self.geneColumn])
        let aggregateAt = try column(Self.aggregateColumns)
        let functionAt = names.firstIndex(of: Self.functionColumn)

        var order: [String] = []
        var info: [String: (aggregate: String, title: String?, line: Int, genes: OrderedSymbols)] = [:]
        for line in text.lines.dropFirst() {
            let fields = try text.csvFields(line)
            guard fields.count == names.count else {
                throw text.error(line, .malformedRow("expected \(names.count) fields, found \(fields.count)"))
            }
            let module = fields[moduleAt].trimmed, gene = fields[geneAt].trimmed
            let aggregate = fields[aggregateAt].trimmed
            guard !module.isEmpty else { throw text.error(line, column: moduleAt + 1, .malformedRow("empty module id")) }
            guard !gene.isEmpty else { throw text.error(line, column: geneAt + 1, .malformedRow("empty gene symbol")) }
            if let known = info[module] {
                guard known.aggregate == aggregate else {
                    throw text.error(line, column: aggregateAt + 1, .malformedRow(
                        "module \(module) is in aggregate \(known.aggregate) at line \(known.line), here in \"\(aggregate)\""))
                }
            } else {
                info[module] = (aggregate, functionAt.map { fields[$0].trimmed }, line.number, OrderedSymbols())
                order.append(module)
            }
            info[module]?.genes.add(gene)
        }
        guard !order.isEmpty else { throw text.error(header, .empty(what: "module list")) }

        var aggregates: [String: [String]] = [:]
        modules = order.compactMap { id in
            guard let entry = info[id] else { return nil }
            aggregates[entry.aggregate, default: []].append(id)
            return GeneModule(id: id, title: entry.title, aggregate: entry.aggregate, symbols: entry.genes.symbols)
        }
        self.aggregates = aggregates
        moduleIndex = Dictionary(uniqueKeysWithValues: modules.enumerated().map { ($1.id, $0) })
    }

    public func module(_ id: String) -> GeneModule? { moduleIndex[id].map { modules[$0] } }

    /// The modules named by `ids`, each a module id ("M9.2") or an aggregate id ("A37", expanded
    /// to its modules in file order). Ids match case-insensitively; a module named twice is kept once.
    public func select(_ ids: [String]) throws -> ModuleSet {
        let cleaned = ids.map(\.trimmed).filter { !$0.isEmpty }
        guard !cleaned.isEmpty else { throw GenesError(file: "module selection", .empty(what: "list of module ids")) }
        var chosen: [String] = []
        for id in cleaned {
            if let aggregate = aggregates.keys.first(where: { $0.caseInsensitiveEquals(id) }) {
                chosen += aggregates[aggregate] ?? []
            } else if let module = modules.first(where: { $0.id.caseInsensitiveEquals(id) }) {
                chosen.append(module.id)
            } else {
                let known = aggregates.keys.sorted { $0.naturalLess($1) } + modules.map(\.id)
                throw GenesError(file: path, .unknownModule(id: id, suggestions: Suggestions.near(id, in: known)))
            }
        }
        var seen = Set<String>()
        let picked = chosen.filter { seen.insert($0).inserted }.compactMap(module)
        return ModuleSet(name: cleaned.joined(separator: ","), source: path, modules: picked)
    }
}
