import Catalog

/// Turns a `--model` value into a verified local file for the commands that run a model: a catalog
/// model missing from the cache is fetched (with progress on standard error), so the first run on
/// a fresh machine needs no separate step.
enum ModelResolution {
    static var defaultModelID: String { ModelCatalog.standard.defaultEntry.id }

    static func resolve(_ reference: String, context: CommandContext) throws -> ModelFile {
        try ModelReference.resolve(reference, fetchIfMissing: true, environment: context.environment) { event in
            // A cache hit is the normal case and stays quiet; a fetch reports its progress.
            if case .alreadyCached = event { return }
            if let line = ModelsFormatting.progressLine(event) { context.stderr.writeLine(line) }
        }
    }
}
