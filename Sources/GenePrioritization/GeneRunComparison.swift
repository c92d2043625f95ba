import Foundation
import Provenance
import Support

/// Two gene prioritization runs side by side, as read back from the provenance store (each
/// run's `gene_report` output): per criterion and for the weighted total, how far the two runs'
/// mean scores agree over the genes both scored. Two models on one module set, or one model
/// before and after a prompt change.
public struct GeneRunComparison: Sendable {
    public let first: RunID
    public let second: RunID
    public let preset: String
    /// Genes both runs scored, in symbol order.
    public let genes: [String]
    public let onlyFirst: [String]
    public let onlySecond: [String]
    public let criteria: [CriterionAgreement]

    /// What one run's report says: the preset, its criterion keys and each gene's means.
    struct RunScores {
        let preset: String
        let keys: [String]
        /// Gene to criterion key (and "total") to mean over replicates.
        let means: [String: [String: Double]]
    }

    /// Throws when either run is unknown, has no gene report (not a gene run, or it did not
    /// finish) or the two runs scored different criteria.
    public init(store: ProvenanceStore, first: RunID, second: RunID, top: Int = 10) throws {
        let a = try Self.scores(store: store, run: first), b = try Self.scores(store: store, run: second)
        guard a.keys == b.keys else {
            throw GeneJobError.input(source: "runs \(first) and \(second)",
                                     reason: "scored different criteria: \(a.preset) (\(a.keys.joined(separator: ", "))) against \(b.preset) (\(b.keys.joined(separator: ", ")))")
        }
        self.first = first
        self.second = second
        preset = a.preset
        genes = Set(a.means.keys).intersection(b.means.keys).sorted()
        onlyFirst = Set(a.means.keys).subtracting(b.means.keys).sorted()
        onlySecond = Set(b.means.keys).subtracting(a.means.keys).sorted()
        let genes = self.genes
        criteria = try (a.keys + ["total"]).compactMap { key in
            let raters = [a, b].map { run in genes.map { run.means[$0]?[key] ?? 0 } }
            return try CriterionAgreement(criterion: key, genes: genes, raters: raters, banded: key != "total", top: top)
        }
    }

    static func scores(store: ProvenanceStore, run: RunID) throws -> RunScores {
        guard try store.run(run) != nil else { throw GeneJobError.input(source: "run \(run)", reason: "not in the provenance database") }
        guard let link = try store.artifacts(run: run).first(where: { $0.role == .output && $0.name == "gene_report" }),
              let artifact = try store.artifact(link.hash) else {
            throw GeneJobError.input(source: "run \(run)", reason: "has no gene_report output (not a gene prioritization run, or it did not finish)")
        }
        let report: JSONValue
        do { report = try JSONValue(parsing: artifact.bytes) } catch {
            throw GeneJobError.input(source: "run \(run): gene_report", reason: "invalid JSON: \(error)")
        }
        let fail = { (path: String) in GeneJobError.input(source: "run \(run): gene_report: \(path)", reason: "missing or not the expected type") }
        guard let preset = report["criteria"]?["preset"]?.stringValue else { throw fail("$.criteria.preset") }
        guard let keys = report["criteria"]?["criteria"]?.arrayValue?.compactMap({ $0["key"]?.stringValue }), !keys.isEmpty else {
            throw fail("$.criteria.criteria")
        }
        var means: [String: [String: Double]] = [:]
        for (m, module) in (report["modules"]?.arrayValue ?? []).enumerated() {
            for (r, row) in (module["ranking"]?.arrayValue ?? []).enumerated() {
                let path = "$.modules[\(m)].ranking[\(r)]"
                guard let gene = row["gene"]?.stringValue, let total = row["total_mean"]?.numberValue else { throw fail(path) }
                var values = ["total": total]
                for key in keys {
                    guard let mean = row["criteria"]?[key]?["mean"]?.numberValue else { throw fail("\(path).criteria.\(key).mean") }
                    values[key] = mean
                }
                // A gene in two modules has one set of scores: the flow scores each gene once.
                means[gene] = values
            }
        }
        return RunScores(preset: preset, keys: keys, means: means)
    }

    public var markdown: String {
        var lines = ["# Gene runs compared: \(first) and \(second)", "",
                     "Preset `\(preset)`; \(genes.count) genes scored in both runs, \(onlyFirst.count) only in the first, \(onlySecond.count) only in the second. Scores are each run's means over its replicates.", ""]
        if criteria.isEmpty {
            lines.append("Fewer than 2 genes in common: nothing to correlate.")
        } else {
            lines += GeneReport.agreementTable(criteria)
            lines += ["", "Kappa: linear weights on the rubric bands (0, 1-3, 4-6, 7-8, 9-10) of the rounded means; none for the weighted total. Top-k overlap: the expected share of the top k in common, ties at the cut broken at random."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var jsonValue: JSONValue {
        .object([
            "first": .string(first.rawValue), "second": .string(second.rawValue), "preset": .string(preset),
            "genes": .number(Double(genes.count)),
            "only_first": .array(onlyFirst.map(JSONValue.string)), "only_second": .array(onlySecond.map(JSONValue.string)),
            "criteria": .array(criteria.map(\.jsonValue)),
        ])
    }
}
