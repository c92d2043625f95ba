import Foundation
import Oncology
import Support

/// Several runs or models on the same cases, combined by the paper's best-precision rule: keep an
/// option that at least `minimumAgreement` members proposed (options matched after normalization,
/// so drug order and spelling do not split them), and measure how far the members agree.
public struct TumorBoardEnsemble: Sendable {
    public struct Member: Sendable {
        /// The model label, with the seed when one model runs several times ("smollm2 seed 3").
        public let label: String
        public let recommendations: [CaseRecommendation]

        public func optionRows() -> [TherapyOptionRow] { recommendations.flatMap { $0.optionRows(source: label) } }
    }

    /// One model of the ensemble, loaded once and run as many times as asked.
    public struct Model: Sendable {
        public let label: String
        public let recommender: TumorBoardRecommender

        public init(label: String, recommender: TumorBoardRecommender) {
            self.label = label
            self.recommender = recommender
        }
    }

    public let members: [Member]
    public let minimumAgreement: Int
    /// The kept options, under `name`.
    public let rows: [TherapyOptionRow]
    public let agreement: EnsembleAgreement

    public var name: String { "ensemble (>=\(minimumAgreement) of \(members.count))" }

    /// Runs every model `runs` times over `cases`. One run decodes greedily; several sample at
    /// `temperature` with seeds `seed`, `seed + 1`, ..., so they differ and each is reproducible.
    public static func run(cases: [PatientCase], models: [Model], runs: Int, temperature: Double, seed: Int, minimumAgreement: Int,
                           normalizer: DrugNormalizer, progress: (String) -> Void = { _ in }) async throws -> TumorBoardEnsemble {
        var members: [Member] = []
        for model in models {
            for r in 0..<runs {
                let recommender = runs == 1 ? model.recommender : model.recommender.sampling(temperature: temperature, seed: seed + r)
                let label = runs == 1 ? model.label : "\(model.label) seed \(seed + r)"
                var done: [CaseRecommendation] = []
                for patient in cases {
                    let (recommendation, _) = try await recommender.recommend(patient)
                    let count = recommendation.answer.verified?.options.count
                    progress("\(label), case \(patient.id): run \(recommendation.runID), \(count.map { "\($0) options" } ?? "answer unusable")")
                    done.append(recommendation)
                }
                members.append(Member(label: label, recommendations: done))
            }
        }
        return try TumorBoardEnsemble(members: members, caseIDs: cases.map(\.id), minimumAgreement: minimumAgreement, normalizer: normalizer)
    }

    /// Combines finished members: a pure function of their answers.
    public init(members: [Member], caseIDs: [String], minimumAgreement: Int, normalizer: DrugNormalizer) throws {
        guard members.count >= 2 else { throw TumorBoardError.ensemble(reason: "an ensemble needs at least 2 members (models x runs), found \(members.count)") }
        guard (1...members.count).contains(minimumAgreement) else {
            throw TumorBoardError.ensemble(reason: "--min-agree must be between 1 and the \(members.count) members, found \(minimumAgreement)")
        }
        let scorer = OptionScorer(normalizer: normalizer)
        self.members = members
        self.minimumAgreement = minimumAgreement
        let name = "ensemble (>=\(minimumAgreement) of \(members.count))"
        rows = Ensemble.atLeast(minimumAgreement, of: members.flatMap { $0.optionRows() }, name: name) { scorer.key($0, .normalized) }
        let sets = members.map { member in
            Dictionary(grouping: member.optionRows(), by: \.caseID).mapValues { Set($0.map { scorer.key($0, .normalized) }) }
        }
        agreement = try EnsembleAgreement(sets: sets, caseIDs: caseIDs)
    }

    // MARK: Output

    public var markdown: String {
        func f(_ v: Double?) -> String { v.map { String(format: "%.3f", $0) } ?? "n/a" }
        var out = ["Ensemble of \(members.count) members (\(members.map(\.label).joined(separator: "; "))), keeping options proposed by at least \(minimumAgreement).", ""]
        out.append("| member | answers verified | options |")
        out.append("|---|---|---|")
        for m in members {
            out.append("| \(m.label) | \(m.recommendations.filter { $0.answer.verified != nil }.count) of \(m.recommendations.count) | \(m.optionRows().count) |")
        }
        out.append("| **\(name)** | | \(rows.count) |")
        out.append("")
        let a = agreement
        out.append("Run-to-run agreement (options matched after normalization): mean pairwise Jaccard \(f(a.meanJaccard)) over \(a.cases) cases; "
                   + "Fleiss' kappa \(f(a.fleissKappa))" + (a.members == 2 ? ", Cohen's kappa \(f(a.cohenKappa))" : "")
                   + " on the \(a.items) options any member proposed.")
        return out.joined(separator: "\n")
    }

    public var json: JSONValue {
        func n(_ v: Double?) -> JSONValue { v.map { .number($0) } ?? .null }
        return .object([
            "name": .string(name), "minimum_agreement": .number(Double(minimumAgreement)),
            "members": .array(members.map { m in .object(["label": .string(m.label), "options": .number(Double(m.optionRows().count)),
                                                          "runs": .array(m.recommendations.map { .string($0.runID.rawValue) })]) }),
            "kept_options": .number(Double(rows.count)),
            "agreement": .object(["mean_jaccard": n(agreement.meanJaccard), "fleiss_kappa": n(agreement.fleissKappa),
                                  "cohen_kappa": n(agreement.cohenKappa), "items": .number(Double(agreement.items)),
                                  "jaccard_by_case": .object(agreement.jaccardByCase.mapValues { .number($0) })]),
        ])
    }

    /// Writes `option-rows.json` (every member's rows and the ensemble's, each under its own source,
    /// ready for `export-blinded`) and `ensemble.json` into `directory`.
    public func write(to directory: String) throws {
        let document = TherapyOptionRowsJSON.document(members.flatMap { $0.optionRows() } + rows, source: "consilium tumorboard ensemble",
                                                      licence: "output of a Consilium run")
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let base = URL(fileURLWithPath: directory)
            try Data((document.prettyText + "\n").utf8).write(to: base.appendingPathComponent(TumorBoardSession.optionRowsFile))
            try Data((json.prettyText + "\n").utf8).write(to: base.appendingPathComponent("ensemble.json"))
        } catch {
            throw TumorBoardError.output(path: directory, reason: error.localizedDescription)
        }
    }
}
