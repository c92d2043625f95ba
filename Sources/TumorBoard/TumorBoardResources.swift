import Foundation
import Oncology

/// The files a tumor-board run reads besides the case and the knowledge base: the flow and its
/// prompts (`Prompts/`), and the drug vocabulary and alias table (`Benchmarks/tumorboard/`).
public struct TumorBoardResources: Sendable {
    public let promptsRoot: URL
    public let dataDirectory: URL

    public init(promptsRoot: URL, dataDirectory: URL) {
        self.promptsRoot = promptsRoot
        self.dataDirectory = dataDirectory
    }

    /// The checkout's `Prompts/` and `Benchmarks/tumorboard/` below `root`.
    public init(repositoryRoot root: URL) {
        self.init(promptsRoot: root.appendingPathComponent("Prompts"),
                  dataDirectory: root.appendingPathComponent("Benchmarks/tumorboard"))
    }

    public var flowFile: URL { promptsRoot.appendingPathComponent("flows/tumor-board.json") }
    /// The `moalmanac-fda` bench's one-question flow.
    public var fdaFlowFile: URL { promptsRoot.appendingPathComponent("flows/moalmanac-fda.json") }
    public var expertReference: URL { dataDirectory.appendingPathComponent("benary2023-expert-reference.json") }
    public var benaryCases: URL { dataDirectory.appendingPathComponent("benary2023-cases.json") }
    public var benaryRecommendations: URL { dataDirectory.appendingPathComponent("benary2023/RecommendationsClean.csv") }

    /// DrugBank subset plus the project's alias table.
    public func normalizer() throws -> DrugNormalizer {
        let vocabulary = dataDirectory.appendingPathComponent("drugbank-subset.csv").path
        let aliases = dataDirectory.appendingPathComponent("drug-aliases.tsv").path
        for path in [vocabulary, aliases] where !FileManager.default.fileExists(atPath: path) {
            throw TumorBoardError.resources(path: path, reason: "missing drug vocabulary file (give the Benchmarks/tumorboard directory)")
        }
        return DrugNormalizer(vocabulary: try DrugVocabulary(drugBankCSV: vocabulary), aliases: try DrugAliasTable(path: aliases))
    }
}
