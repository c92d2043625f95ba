import Foundation
import Provenance
import Support

/// Raters' sheets checked against their key, and stored in the provenance store as a run of their
/// own: the key and each sheet as inputs, the unblinded ratings and the summary as outputs, and
/// under the step `ratings` one score per rating (item "<case>/<label> <rater>", metric = the
/// dimension id), per source and dimension (metric `mean_<dimension>`, item = source), per pick
/// share, and per agreement statistic (item = the dimension). Nothing is written unless every
/// sheet was read without error.
public enum RatingsImport {
    public static let step = "ratings"

    /// The key and every rater of every sheet; throws `RatingsInputErrors` holding every problem
    /// of every sheet (and raters named twice across files) at once.
    public static func read(keyPath: String, sheetPaths: [String]) throws -> (BlindingKey, [RaterSheet]) {
        let key = try BlindingKey.read(path: keyPath)
        var sheets: [RaterSheet] = []
        var errors: [RatingsInputError] = []
        for path in sheetPaths {
            switch RaterSheet.read(path: path, key: key) {
            case .failure(let found): errors += found.errors
            case .success(let raters):
                for sheet in raters {
                    if let other = sheets.first(where: { $0.rater == sheet.rater }) {
                        errors.append(RatingsInputError(
                            source: (path as NSString).lastPathComponent, location: "file",
                            reason: "rater \"\(sheet.rater)\" is also in \(other.path): give each rater's sheet its own name (or rater column value)"))
                    }
                    sheets.append(sheet)
                }
            }
        }
        guard errors.isEmpty else { throw RatingsInputErrors(errors) }
        return (key, sheets)
    }

    /// What `tumorboard import-ratings` and `bench cases import` do: read every sheet, summarize,
    /// and only then open the store (so a refused import leaves no database behind) and store.
    public static func run(keyPath: String, sheetPaths: [String], flowID: String, openStore: () throws -> ProvenanceStore,
                           consiliumVersion: String) throws -> (summary: RatingSummary, run: RunID) {
        let (key, sheets) = try read(keyPath: keyPath, sheetPaths: sheetPaths)
        let summary = try RatingSummary(key: key, sheets: sheets)
        let run = try store(key: key, sheets: sheets, summary: summary, flowID: flowID, in: try openStore(), consiliumVersion: consiliumVersion)
        return (summary, run)
    }

    /// Stores the import as one run of `flowID` and returns its id.
    public static func store(key: BlindingKey, sheets: [RaterSheet], summary: RatingSummary, flowID: String,
                             in store: ProvenanceStore, consiliumVersion: String) throws -> RunID {
        var files: [(name: String, data: Data)] = []
        for path in sheets.map(\.path).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw RatingsError.unreadable(path: path, reason: "cannot read the rating sheet again")
            }
            files.append(((path as NSString).deletingPathExtension.split(separator: "/").last.map(String.init) ?? path, data))
        }
        let inputs: JSONValue = .object([
            "key": key.json,
            "sheets": .array(files.map { .object(["file": .string($0.name), "sha256": .string(ContentHash.of($0.data).hex)]) }),
            "raters": .array(sheets.map { .string($0.rater) }),
        ])
        let run = try store.createRun(RunSpec(flowID: flowID, flowVersion: "2", flowHash: ContentHash.of(key.json), inputs: inputs,
                                              parameters: summary.settingsJSON, consiliumVersion: consiliumVersion))
        try store.startStep(run: run.id, name: step, kind: "import")
        for file in files {
            try store.storeArtifact(run: run.id, role: .input, name: "sheet \(file.name)", bytes: file.data, mediaType: "text/csv", step: step)
        }
        var unblinded: [JSONValue] = []
        for sheet in sheets {
            for r in sheet.ratings {
                guard let item = key.item(r.item) else { continue }
                var values: [String: JSONValue] = [:]
                for d in key.rubric.dimensions { values[d.id] = r.values[d.id].map { .number(Double($0)) } ?? .null }
                unblinded.append(.object([
                    "rater": .string(sheet.rater), "item": .string(r.item), "case": .string(item.caseID), "label": .string(item.label),
                    "source": .string(item.source), "ratings": .object(values), "picked": .bool(r.picked), "comment": .string(r.comment),
                ]))
                for d in key.rubric.dimensions {
                    guard let value = r.values[d.id] else { continue }
                    try store.recordScore(run: run.id, step: step, item: "\(r.item) \(sheet.rater)", metric: d.id, value: Double(value),
                                          details: .object(["source": .string(item.source), "rater": .string(sheet.rater), "picked": .bool(r.picked)]))
                }
            }
        }
        try store.storeJSON(run: run.id, role: .output, name: "ratings", value: .array(unblinded), step: step)
        for row in summary.rows {
            guard let mean = row.mean?.estimate else { continue }
            try store.recordScore(run: run.id, step: step, item: row.source, metric: "mean_\(row.dimension)", value: mean,
                                  details: .object(["ratings": .number(Double(row.ratings)), "ci": RatingSummary.intervalJSON(row.mean)]))
        }
        if let pick = key.pick {
            for row in summary.picks {
                guard let share = row.share else { continue }
                try store.recordScore(run: run.id, step: step, item: row.source, metric: "\(pick.id)_share", value: share,
                                      details: .object(["picks": .number(Double(row.picks))]))
            }
        }
        for statistic in summary.agreement {
            guard let value = statistic.value?.estimate else { continue }
            try store.recordScore(run: run.id, step: step, item: statistic.subject, metric: statistic.metric, value: value,
                                  details: statistic.detailsJSON)
        }
        try store.storeJSON(run: run.id, role: .output, name: "rating-summary", value: summary.json, step: step)
        try store.storeArtifact(run: run.id, role: .output, name: "rating-summary.md", bytes: Data(summary.markdown.utf8),
                                mediaType: "text/markdown", step: step)
        try store.finishStep(run: run.id, name: step, .succeeded)
        try store.finishRun(run.id, .succeeded)
        return run.id
    }
}
