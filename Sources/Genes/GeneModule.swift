/// A named group of genes as its source lists them: symbols are raw (not yet normalized through
/// HGNC), distinct and in first-seen order.
public struct GeneModule: Equatable, Sendable {
    /// "M9.2" for a BloodGen3 module, the set name for a GMT row, the file name for a plain list.
    public let id: String
    /// The module's annotated function or a GMT description, if the source has one.
    public let title: String?
    /// The BloodGen3 aggregate ("A37"), nil for other sources.
    public let aggregate: String?
    public let symbols: [String]

    public init(id: String, title: String? = nil, aggregate: String? = nil, symbols: [String]) {
        self.id = id
        self.title = title
        self.aggregate = aggregate
        self.symbols = symbols
    }
}

/// The modules a run works on, with where they came from (for the run's record).
public struct ModuleSet: Equatable, Sendable {
    /// What was asked for: "A37", "M9.2,M11.2", a GMT set name, a file name.
    public let name: String
    /// The file the modules were read from.
    public let source: String
    public let modules: [GeneModule]

    public init(name: String, source: String, modules: [GeneModule]) {
        self.name = name
        self.source = source
        self.modules = modules
    }

    /// Every symbol of every module once, in module order.
    public var distinctSymbols: [String] {
        var seen = Set<String>()
        return modules.flatMap(\.symbols).filter { seen.insert($0).inserted }
    }
}

/// Keeps the first occurrence of each symbol.
struct OrderedSymbols {
    private(set) var symbols: [String] = []
    private var seen = Set<String>()

    mutating func add(_ symbol: String) {
        if seen.insert(symbol).inserted { symbols.append(symbol) }
    }
}
