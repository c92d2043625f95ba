import FlowRunner
import Foundation
import Genes
import Provenance
import Support

/// `genes bench gwas-causal`: the first `limit` loci of the shipped sample through the
/// `gwas-causal` flow (every call recorded and cached), scored into a `GWASCausalResult` that is
/// stored in the run and written as report.md and report.json.
public enum GWASCausalBench {
    public static func run(_ job: GeneBenchJob, resolveModel: (() throws -> FlowLaunch.Model)? = nil,
                           onStart: (RunID) -> Void = { _ in }) async throws -> GeneBenchOutcome<GWASCausalResult> {
        guard job.limit >= 1 else { throw GeneJobError.input(source: "--limit", reason: "expected at least 1, found \(job.limit)") }
        let loci = Array(try GWASLocus.load(path: job.dataPath).prefix(job.limit))
        var launch = job.launch(flow: "gwas-causal.json", inputs: ["loci": flowInput(loci)])
        if let resolveModel { launch.model = try resolveModel() }
        let run = try await launch.start(onStart: onStart)
        let result = try GWASCausalResult(loci: loci, answers: run.outputs["causal"]?.arrayValue ?? [])
        let store = try FlowLaunch.openStore(job.databasePath)
        try store.storeJSON(run: run.runID, role: .output, name: "gwas_causal_report", value: result.jsonValue)
        let values: [(String, Double?)] = [("precision", result.precision.value), ("accuracy", result.accuracy.value),
                                           ("out_of_list", result.outOfList.value), ("nearest_gene_accuracy", result.nearestGene.value)]
        for case let (metric, value?) in values {
            try store.recordScore(run: run.runID, step: "causal", metric: "gwas_causal.\(metric)", value: value,
                                  details: .object(["loci": .number(Double(loci.count)), "failed": .number(Double(result.failed))]))
        }
        let paths = try job.writeReport(markdown: result.markdown(model: job.modelLabel, runID: run.runID.rawValue), json: result.jsonValue)
        return GeneBenchOutcome(result: result, runID: run.runID, statistics: run.statistics, markdownPath: paths.markdown, jsonPath: paths.json)
    }

    /// Candidates in alphabetical order with their distance ("BCO1 (8 kb)"), so the list's order
    /// does not give the nearest gene away; the distances are there to be read.
    static func flowInput(_ loci: [GWASLocus]) -> JSONValue {
        .array(loci.map { locus in
            let genes = locus.candidates.sorted { $0.symbol < $1.symbol }.map { candidate in
                "\(candidate.symbol) (\(candidate.distance == 0 ? "variant inside the gene" : "\(Int((Double(candidate.distance) / 1000).rounded())) kb"))"
            }
            return .object(["id": .string(locus.id), "variant": .string(locus.variant),
                            "trait": .string(locus.trait), "genes": .array(genes.map(JSONValue.string))])
        })
    }
}
