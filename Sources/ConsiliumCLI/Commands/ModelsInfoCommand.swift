import Catalog
import Foundation
import Support

/// `consilium models info MODEL`: a GGUF file's architecture, hyperparameters, tokenizer and
/// tensor formats.
struct ModelsInfoCommand: Command {
    static let spec = CommandSpec(
        name: "info", abstract: "Show a GGUF model's architecture, hyperparameters, tokenizer and tensor formats.",
        discussion: """
            MODEL is a catalog id (the model must be in the cache; see 'consilium models fetch') or \
            the path of any GGUF file. The sha256 is shown for catalog models (verified against the \
            catalog) and, with --hash, for files given by path.
            """,
        flags: [
            FlagSpec("json", help: "Print one JSON object instead of text."),
            FlagSpec("hash", help: "Also compute the sha256 of a file given by path."),
        ],
        positionals: [PositionalSpec("model", help: "A catalog id or a GGUF file path.")])

    let model: String
    let json: Bool
    let hash: Bool

    init(_ args: ParsedArguments) throws {
        model = try args.positional(0)
        json = try args.flag("json")
        hash = try args.flag("hash")
    }

    func run(context: CommandContext) async throws -> Int32 {
        let summary: ModelSummary
        switch try ModelReference.resolve(model) {
        case .catalog(let entry):
            let identity = try ModelReference.identity(of: entry, cache: ModelCache(environment: context.environment),
                                                       fetchIfMissing: false, environment: context.environment)
            summary = try ModelSummary(path: identity.path, catalogID: entry.id, sha256: identity.sha256)
        case .file(let path):
            summary = try ModelSummary(path: path, sha256: hash ? SHA256.hash(fileAt: path) : nil)
        }
        if json {
            context.stdout.writeLine(summary.json.prettyText)
            return 0
        }
        for line in Self.lines(summary) { context.stdout.writeLine(line) }
        return 0
    }

    static func lines(_ s: ModelSummary) -> [String] {
        func text(_ value: Int?) -> String { value.map(String.init) ?? "-" }
        let types = s.tensorTypes.map { "\($0.type): \($0.count)" }.joined(separator: ", ")
        let rows: [[String]] = [
            ["model", s.catalogID.map { "\($0) (catalog)" } ?? "file"],
            ["path", s.path],
            ["file size", "\(s.fileSize) bytes (\(ModelsFormatting.bytes(s.fileSize)))"],
            ["sha256", s.sha256?.hex ?? "not computed (use --hash)"],
            ["gguf version", String(s.ggufVersion)],
            ["architecture", s.architecture ?? "-"],
            ["name", s.name ?? "-"],
            ["context length", text(s.contextLength)],
            ["embedding length", text(s.embeddingLength)],
            ["layers", text(s.layerCount)],
            ["heads", "\(text(s.headCount)) (kv heads: \(text(s.kvHeadCount)))"],
            ["vocab size", text(s.vocabularySize)],
            ["tokenizer", "\(s.tokenizerModel ?? "-") (pre: \(s.tokenizerPre ?? "-"))"],
            ["chat template", s.hasChatTemplate ? "yes" : "no"],
            ["tensors", "\(s.tensorCount) (\(types))"],
            ["parameters", "\(s.parameterCount) (\(String(format: "%.1f", Double(s.parameterCount) / 1e6)) M)"],
        ]
        return ModelsFormatting.table(rows)
    }
}
