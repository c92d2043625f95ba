/// Where step 1 of the flow takes its modules from: the three input kinds the flow accepts.
public enum ModuleSource: Equatable, Sendable {
    /// A BloodGen3 module list and the module or aggregate ids to take ("A37", "M9.2").
    case bloodGen3(path: String, ids: [String])
    /// A GMT file and the set names to take (all sets when empty).
    case gmt(path: String, names: [String])
    /// A plain gene list, taken as one module named `name`.
    case plainList(path: String, name: String)

    /// Reads the modules; every error names the file and, where one row is at fault, the line.
    public func load() throws -> ModuleSet {
        switch self {
        case let .bloodGen3(path, ids):
            return try BloodGen3Repertoire(path: path).select(ids)
        case let .gmt(path, names):
            let sets = try GeneSetFile.gmt(path: path)
            guard !names.isEmpty else { return ModuleSet(name: "all sets", source: path, modules: sets) }
            let picked = try names.map { name -> GeneModule in
                guard let set = sets.first(where: { $0.id == name }) ?? sets.first(where: { $0.id.caseInsensitiveEquals(name) }) else {
                    throw GenesError(file: path, .unknownModule(id: name, suggestions: Suggestions.near(name, in: sets.map(\.id))))
                }
                return set
            }
            return ModuleSet(name: names.joined(separator: ","), source: path, modules: picked)
        case let .plainList(path, name):
            return ModuleSet(name: name, source: path, modules: [try GeneSetFile.plainList(path: path, name: name)])
        }
    }
}
