import Catalog
import Support

/// `consilium models list`: the catalog and what the model cache holds.
struct ModelsListCommand: Command {
    static let spec = CommandSpec(
        name: "list", abstract: "List the known models and whether each is in the model cache.",
        discussion: """
            The cache is $CONSILIUM_MODELS, else $XDG_CACHE_HOME/consilium/models, else \
            ~/.cache/consilium/models. A cached file counts only when its sha256 matches the catalog \
            (checked through a sidecar file, so only a changed file is read again).
            """,
        flags: [FlagSpec("json", help: "Print one JSON object instead of a table.")])

    let json: Bool

    init(_ args: ParsedArguments) throws {
        json = try args.flag("json")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let cache = ModelCache(environment: context.environment)
        let catalog = ModelCatalog.standard
        let statuses = try catalog.entries.map { try cache.status(of: $0) }

        if json {
            context.stdout.writeLine(Self.report(catalog: catalog, cache: cache, statuses: statuses).prettyText)
            return 0
        }

        var rows = [["ID", "MODEL", "ARCH", "QUANT", "SIZE", "STATUS"]]
        for (entry, status) in zip(catalog.entries, statuses) {
            let id = entry.id == catalog.defaultEntry.id ? entry.id + " (default)" : entry.id
            let state: String
            switch status {
            case .missing: state = "not cached"
            case .verified: state = "cached"
            case .mismatched: state = "sha256 mismatch (run 'consilium models fetch \(entry.id)')"
            }
            rows.append([id, entry.displayName, entry.architecture, entry.quantization,
                         ModelsFormatting.bytes(entry.size), state])
        }
        for line in ModelsFormatting.table(rows) { context.stdout.writeLine(line) }
        context.stdout.writeLine()
        context.stdout.writeLine("cache: \(cache.directory)")
        return 0
    }

    /// The JSON form, shared with `consilium json`'s `models.list`: per model its catalog facts,
    /// cache path and status (a mismatch names the hash found).
    static func report(catalog: ModelCatalog, cache: ModelCache, statuses: [ModelCache.Status]) -> JSONValue {
        let models: [JSONValue] = zip(catalog.entries, statuses).map { entry, status in
            var object: [String: JSONValue] = [
                "id": .string(entry.id), "name": .string(entry.displayName),
                "architecture": .string(entry.architecture), "quantization": .string(entry.quantization),
                "size": .number(Double(entry.size)), "sha256": .string(entry.sha256.hex),
                "packages": .array(entry.requirements.map(JSONValue.string)),
                "default": .bool(entry.id == catalog.defaultEntry.id),
                "path": .string(cache.path(for: entry.id)),
            ]
            switch status {
            case .missing: object["status"] = "missing"
            case .verified: object["status"] = "cached"
            case .mismatched(_, let found, _):
                object["status"] = "mismatched"
                object["found_sha256"] = .string(found.hex)
            }
            return .object(object)
        }
        return ["cache": .string(cache.directory), "default": .string(catalog.defaultEntry.id), "models": .array(models)]
    }
}
