import Catalog
import Support

/// The `models.list` op: the catalog and what the model cache holds (as `models list --json`).
enum JsonModels {
    static func list(_ context: CommandContext) throws -> JSONValue {
        let cache = ModelCache(environment: context.environment)
        let catalog = ModelCatalog.standard
        let models: [JSONValue] = try catalog.entries.map { entry in
            var object: [String: JSONValue] = [
                "id": .string(entry.id), "name": .string(entry.displayName),
                "architecture": .string(entry.architecture), "quantization": .string(entry.quantization),
                "size": .number(Double(entry.size)), "sha256": .string(entry.sha256.hex),
                "default": .bool(entry.id == catalog.defaultEntry.id), "path": .string(cache.path(for: entry.id)),
            ]
            switch try cache.status(of: entry) {
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
