import Foundation
import FlowRunner
import Oncology
import Provenance
import Providers
import Support

/// Everything one command invocation needs, opened once for all its cases: the model (loaded
/// once), the provenance store, the knowledge base, the reference list, and the checked flow.
public struct TumorBoardSession: Sendable {
    public let recommender: TumorBoardRecommender
    public let resources: TumorBoardResources

    public init(model: FlowLaunch.Model, databasePath: String, environment: [String: String], resources: TumorBoardResources,
                knowledgeBase: KnowledgeBaseFiles, references: ReferenceLibrary, noCache: Bool, consiliumVersion: String) throws {
        let provider: any ModelProvider
        var secrets: [String] = []
        switch model {
        case .loaded(let model, let known):
            provider = model.provider
            secrets = known
        case .localFile(let path, let threads, let sha256):
            provider = try LocalProvider(path: path, threads: threads, sha256: sha256)
        case .config(let config):
            switch config.source {
            case .openai(let remote), .anthropic(let remote):
                if let variable = remote.apiKeyVariable, let key = environment[variable], !key.isEmpty { secrets.append(key) }
            case .local:
                break
            }
            provider = try config.makeProvider(environment: environment)
        }
        let store = try FlowLaunch.openStore(databasePath, secrets: secrets)
        let runner = FlowRunner(store: store, models: ModelRegistry(default: provider),
                                options: RunOptions(noCache: noCache, consiliumVersion: consiliumVersion))
        self.init(recommender: try TumorBoardRecommender(resources: resources, knowledgeBase: knowledgeBase, references: references, runner: runner),
                  resources: resources)
    }

    public init(recommender: TumorBoardRecommender, resources: TumorBoardResources) {
        self.recommender = recommender
        self.resources = resources
    }

    /// Cases from a case file (`consilium.tumorboard.cases`) or a single case object; every
    /// malformed field is named by its JSON path.
    public static func readCases(path: String) throws -> [PatientCase] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OncologyInputError(source: path, location: "file", reason: "cannot read")
        }
        let name = (path as NSString).lastPathComponent
        if let value = try? JSONValue(parsing: data), case .object(let members) = value, members["cases"] == nil, members["format"] == nil {
            return [try PatientCaseJSON.readCase(value, source: name)]
        }
        return try PatientCaseJSON.read(data: data, source: name)
    }

    /// Writes `<case id>.md` and `<case id>.json` into `directory` (created if needed).
    public static func write(_ report: TumorBoardReport, caseID: String, to directory: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let safe = String(caseID.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" })
            let base = URL(fileURLWithPath: directory).appendingPathComponent(safe)
            try Data(report.markdown.utf8).write(to: base.appendingPathExtension("md"))
            try Data((report.json.prettyText + "\n").utf8).write(to: base.appendingPathExtension("json"))
        } catch {
            throw TumorBoardError.output(path: directory, reason: error.localizedDescription)
        }
    }

    /// Writes `option-rows.json` into `directory`: every case's options as scoring rows under one
    /// source name, the input `export-blinded` and the scorers take.
    public static func writeOptionRows(_ recommendations: [CaseRecommendation], source: String, to directory: String) throws {
        let rows = recommendations.flatMap { $0.optionRows(source: source) }
        let document = TherapyOptionRowsJSON.document(rows, source: "consilium tumorboard, \(source)", licence: "output of a Consilium run")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let url = URL(fileURLWithPath: directory).appendingPathComponent(optionRowsFile)
            try Data((document.prettyText + "\n").utf8).write(to: url)
        } catch {
            throw TumorBoardError.output(path: directory, reason: error.localizedDescription)
        }
    }

    public static let optionRowsFile = "option-rows.json"
}
