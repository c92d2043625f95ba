import Catalog
import Support

/// The `models.list` op: the same object as `consilium models list --json`.
enum JsonModels {
    static func list(_ context: CommandContext) throws -> JSONValue {
        let cache = ModelCache(environment: context.environment)
        let catalog = ModelCatalog.standard
        let statuses = try catalog.entries.map { try cache.status(of: $0) }
        return ModelsListCommand.report(catalog: catalog, cache: cache, statuses: statuses)
    }
}
