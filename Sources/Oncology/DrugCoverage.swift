/// How much of a set of option texts a normalizer resolves: per distinct option (every component
/// a drug, class or procedure) and per distinct component name, with the names left unresolved.
public struct DrugCoverage: Equatable, Sendable {
    public let options: Int
    /// Options whose every component resolved to a drug.
    public let optionsAllDrugs: Int
    /// Options whose every component resolved to a drug, a class or a procedure.
    public let optionsResolved: Int
    public let names: Int
    public let namesByRoute: [DrugNormalizer.Route: Int]
    /// Component names no source resolved (tidied, sorted).
    public let unresolvedNames: [String]

    public init(options texts: [String], normalizer: DrugNormalizer) {
        let distinct = Set(texts.map(DrugName.tidy))
        var allDrugs = 0
        var resolved = 0
        var byName: [String: DrugNormalizer.Route] = [:]
        for text in distinct {
            let parts = normalizer.resolveOption(text)
            if parts.allSatisfy({ if case .drug = $0.component { return true } else { return false } }) { allDrugs += 1 }
            if parts.allSatisfy({ if case .unresolved = $0.component { return false } else { return true } }) { resolved += 1 }
            for part in parts { byName[part.text] = part.route }
        }
        options = distinct.count
        optionsAllDrugs = allDrugs
        optionsResolved = resolved
        names = byName.count
        namesByRoute = byName.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
        unresolvedNames = byName.filter { $0.value == .unresolved || $0.value == .ambiguous }.keys.sorted()
    }

    /// Share of distinct names resolved to anything (drug, class, procedure).
    public var nameShare: Double { names == 0 ? 0 : Double(names - unresolvedNames.count) / Double(names) }
    public var optionShare: Double { options == 0 ? 0 : Double(optionsResolved) / Double(options) }
}
