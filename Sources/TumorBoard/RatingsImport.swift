import Foundation
import Provenance
import Support

/// Raters' sheets into the provenance store, as a run of their own (flow `tumorboard.ratings`):
/// the key and each sheet as inputs, the unblinded ratings and the summary as outputs, and one
/// score per rating (item "<case>/<set> <rater>"), per source (mean rating, share of picks) and
/// per agreement statistic, all under the step `ratings`. Nothing is written unless every sheet
/// was read without error.
public enum RatingsImport {
    public static let flowID = "tumorboard.ratings"
    public static let step = "ratings"

    public static func read(keyPath: String, sheetPaths: [String]) throws -> (BlindingKey, [RatingSheet]) {
        let key = try BlindingKey.read(path: keyPath)
        var sheets: [RatingSheet] = []
        var errors: [String] = []
        for path in sheetPaths {
            do {
                let sheet = try RatingSheet.read(path: path, key: key)
                if let other = sheets.first(where: { $0.rater == sheet.rater }) {
                    errors.append("\(path): rater \"\(sheet.rater)\" (the file's name) is also \(other.path): give each rater's sheet its own name")
                }
                sheets.append(sheet)
            } catch {
                errors.append("\(error)")
            }
        }
        guard errors.isEmpty else { throw TumorBoardError.ratings(errors.joined(separator: "\n")) }
        return (key, sheets)
    }

    /// Stores the import and returns its run id.
    public static func store(key: BlindingKey, sheets: [RatingSheet], summary: RatingSummary, in store: ProvenanceStore,
                             consiliumVersion: String) throws -> RunID {
        var sheetBytes: [(String, Data)] = []
        for sheet in sheets {
            guard let data = FileManager.default.contents(atPath: sheet.path) else {
                throw TumorBoardError.resources(path: sheet.path, reason: "cannot read the rating sheet again")
            }
            sheetBytes.append((sheet.rater, data))
        }
        let inputs: JSONValue = .object([
            "key": key.json,
            "sheets": .array(sheetBytes.map { .object(["rater": .string($0.0), "sha256": .string(ContentHash.of($0.1).hex)]) }),
        ])
        let run = try store.createRun(RunSpec(flowID: flowID, flowVersion: "1", flowHash: ContentHash.of(key.json), inputs: inputs,
                                              parameters: .object([:]), consiliumVersion: consiliumVersion))
        try store.startStep(run: run.id, name: step, kind: "import")
        for (rater, data) in sheetBytes {
            try store.storeArtifact(run: run.id, role: .input, name: "sheet \(rater)", bytes: data, mediaType: "text/csv", step: step)
        }
        var unblinded: [JSONValue] = []
        for sheet in sheets {
            for r in sheet.ratings {
                guard let item = key.item(r.item) else { continue }
                unblinded.append(.object([
                    "rater": .string(sheet.rater), "item": .string(r.item), "case": .string(item.caseID), "set": .string(item.label),
                    "source": .string(item.source), "rating": r.value.map { .number(Double($0)) } ?? .null,
                    "most_useful": .bool(r.mostUseful), "comment": .string(r.comment),
                ]))
                if let value = r.value {
                    try store.recordScore(run: run.id, step: step, item: "\(r.item) \(sheet.rater)", metric: "rating", value: Double(value),
                                          details: .object(["source": .string(item.source), "most_useful": .bool(r.mostUseful)]))
                }
            }
        }
        try store.storeJSON(run: run.id, role: .output, name: "ratings", value: .array(unblinded), step: step)
        for row in summary.rows {
            if let mean = row.meanRating {
                try store.recordScore(run: run.id, step: step, item: row.source, metric: "mean_rating", value: mean,
                                      details: .object(["ratings": .number(Double(row.ratings))]))
            }
            if let share = row.pickShare {
                try store.recordScore(run: run.id, step: step, item: row.source, metric: "most_useful_share", value: share,
                                      details: .object(["picks": .number(Double(row.picks))]))
            }
        }
        if let a = summary.agreement {
            let metrics: [(String, Double?)] = [("icc_2_1", a.icc), ("fleiss_kappa", a.fleissKappa), ("weighted_kappa_quadratic", a.weightedKappa),
                                                 ("krippendorff_alpha_ordinal", a.krippendorffAlpha), ("pick_fleiss_kappa", a.pickKappa)]
            for case let (name, value?) in metrics {
                try store.recordScore(run: run.id, step: step, metric: name, value: value,
                                      details: .object(["raters": .number(Double(a.raters)), "items_rated_by_all": .number(Double(a.itemsRatedByAll))]))
            }
        }
        try store.storeJSON(run: run.id, role: .output, name: "rating-summary", value: summary.json, step: step)
        try store.storeArtifact(run: run.id, role: .output, name: "rating-summary.md", bytes: Data(summary.markdown.utf8),
                                mediaType: "text/markdown", step: step)
        try store.finishStep(run: run.id, name: step, .succeeded)
        try store.finishRun(run.id, .succeeded)
        return run.id
    }
}
