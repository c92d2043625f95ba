import FlowRunner
import Foundation
import Genes
import Scoring
import Support

/// What a researcher reads after a job: per module the themes, the ranked table with means, SDs
/// and claim verdicts, the sensitivity to the weights, and the top picks with their reasons.
public struct GeneReport: Sendable {
    public static let notice = "Decision support, not decisions: scores and justifications come from a language model. A claim is marked supported only where an offline knowledge row (GO, Hallmark, Reactome, HGNC, RefSeq summary) backs it; every other claim is unverified and must be checked before use."

    public let runID: String
    public let analysis: GeneAnalysis
    public let statistics: RunStatistics
    public let failedItems: Int

    public init(runID: String, analysis: GeneAnalysis, statistics: RunStatistics, failedItems: Int) {
        self.runID = runID
        self.analysis = analysis
        self.statistics = statistics
        self.failedItems = failedItems
    }

    /// Writes `report.md` and `report.json` into `directory` (created if needed); returns their paths.
    public func write(to directory: String) throws -> (markdown: String, json: String) {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = URL(fileURLWithPath: directory)
        let markdownURL = base.appendingPathComponent("report.md")
        let jsonURL = base.appendingPathComponent("report.json")
        try Data(markdown.utf8).write(to: markdownURL, options: .atomic)
        try Data((jsonValue.prettyText + "\n").utf8).write(to: jsonURL, options: .atomic)
        return (markdownURL.path, jsonURL.path)
    }

    // MARK: Markdown

    public var markdown: String {
        let plan = analysis.plan
        let keys = plan.preset.criteria.map(\.key)
        var lines: [String] = ["# Gene prioritization: \(plan.normalized.set.name)", "",
                               "> **\(Self.notice)**", ""]
        lines.append("Run `\(runID)` · criteria `\(plan.preset.id)` · \(plan.replicates) replicate(s) · \(plan.genes.count) genes scored · calls: \(statistics.providerCalls) asked, \(statistics.cacheHits) from the cache, \(failedItems) failed items · \(String(format: "%.1f", statistics.seconds)) s")
        lines.append("")
        lines.append("Criteria and weights: " + plan.preset.criteria.enumerated().map { index, criterion in
            "C\(index + 1) \(criterion.description) (`\(criterion.key)`, weight \(Self.number(plan.preset.weights.weight(of: criterion.key) ?? 0)))"
        }.joined(separator: "; ") + ".")
        let coverage = plan.normalized.coverage
        lines.append("")
        lines.append("Symbol normalization (HGNC): \(coverage.resolved) of \(coverage.total) entries resolved; unresolved or ambiguous entries are listed per module and not scored.")
        if !analysis.silver.isEmpty {
            lines += ["", "## Criterion scores against silver sets (every scored gene once)", ""]
            for set in plan.silverSets {
                let source = (set.spec.hallmark + set.spec.terms.map { "\($0.id) \($0.name) (\($0.aspect.rawValue))" }).joined(separator: ", ")
                lines.append("- `\(set.spec.name)`: \(source); \(set.members.count) genes in the loaded knowledge. \(set.spec.why)")
            }
            lines += [""] + silverTable(analysis.silver)
            lines += ["", "Silver sets are curated knowledge, not a gold standard. AUROC: the chance a member outscores a non-member (ties half). Precision and recall at k count tied scores at the cut in proportion (the expected value over random orders of the ties)."]
        }
        if !analysis.replicateAgreement.isEmpty {
            lines += ["", "## Agreement between the \(plan.replicates) replicates (genes every replicate answered)", ""]
            lines += Self.agreementTable(analysis.replicateAgreement)
            lines += ["", "Pearson, Spearman, the weighted kappa and the top-k overlap are means over the replicate pairs; ICC(A,1) takes all replicates. Kappa: linear weights on the rubric bands (0, 1-3, 4-6, 7-8, 9-10; means rounded first). Top-k overlap: the expected share in common, ties at the cut broken at random (k / n for lists that tie everything)."]
        }
        for module in analysis.modules { lines += moduleLines(module, keys: keys) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func moduleLines(_ module: GeneAnalysis.Module, keys: [String]) -> [String] {
        var lines = ["", "## Module \(module.id)" + (module.title.map { ": \($0)" } ?? ""), ""]
        lines.append("### Themes (model answer, unverified)")
        if module.themes["coherent"]?.boolValue == false {
            lines.append("No coherent theme, according to the model.")
        }
        for theme in module.themes["themes"]?.arrayValue ?? [] {
            let genes = (theme["genes"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ", ")
            lines.append("- \(theme["name"]?.stringValue ?? "?") (confidence \(Self.number(theme["confidence"]?.numberValue ?? 0))): \(genes)")
        }
        if module.themes["themes"] == nil { lines.append("The themes call failed: \(module.themes.canonicalText)") }
        lines += ["", "### Ranking (weighted mean over replicates ± SD)", ""]
        let expressionHeader = module.expression == nil ? "" : " expression mean | case - control | r with module |"
        lines.append("| rank | gene | total | " + keys.indices.map { "C\($0 + 1)" }.joined(separator: " | ") + " | claims (sup/contra/unver) | flag |" + expressionHeader)
        lines.append("|---|---|---|" + keys.map { _ in "---|" }.joined() + "---|---|" + (module.expression == nil ? "" : "---|---|---|"))
        for row in module.rows {
            let cells = keys.map { key in row.summary.criteria[key].map(Self.meanSD) ?? "-" }
            let claims = row.check.map { "\($0.count("supported"))/\($0.count("contradicted"))/\($0.count("unverifiable"))" } ?? "not split"
            let flag = row.check.map { $0.flag?.rawValue ?? "backed" } ?? "unchecked"
            var line = "| \(row.rank) | \(row.gene) | \(Self.meanSD(row.summary.total)) | " + cells.joined(separator: " | ") + " | \(claims) | \(flag) |"
            if module.expression != nil {
                let value = { (number: Double?) in number.map(Self.number) ?? "-" }
                line += " \(value(row.expression?.mean)) | \(value(row.expression?.meanDifference)) | \(value(row.expression?.pearson)) |"
            }
            lines.append(line)
        }
        if let missing = module.expression?.missingGenes, !missing.isEmpty {
            lines += ["", "Not in the expression matrix: \(missing.joined(separator: ", "))."]
        }
        if !module.unscored.isEmpty { lines += ["", "Not scored (every replicate failed): \(module.unscored.joined(separator: ", "))."] }
        if !module.unresolved.isEmpty {
            lines += ["", "Unresolved or ambiguous symbols (not scored): \(module.unresolved.map(\.input).joined(separator: ", "))."]
        }
        if let sensitivity = module.sensitivity {
            lines += ["", "### Sensitivity to the weights (top \(sensitivity.k))", ""]
            lines.append("- baseline: \(sensitivity.baseline.ranked.prefix(sensitivity.k).joined(separator: ", "))")
            for comparison in sensitivity.comparisons {
                lines.append("- \(comparison.name): \(comparison.topK.joined(separator: ", ")) (overlap \(Self.number(comparison.overlap.overlap)))")
            }
        }
        lines += agreementLines(module.agreement)
        if !module.silver.isEmpty { lines += ["", "### Criterion scores against silver sets", ""] + silverTable(module.silver) }
        lines += ["", "### Top picks", ""]
        if module.picks.isEmpty {
            let unchecked = module.rows.prefix(3).map(\.gene).joined(separator: ", ")
            lines.append("None: no ranked gene's scores rest on a supported claim without a contradicted one. The highest ranked (\(unchecked)) rest on unverified claims only; verify before use.")
        }
        for row in module.picks { lines += pickLines(row, keys: keys) }
        return lines
    }

    private func pickLines(_ row: GeneAnalysis.Row, keys: [String]) -> [String] {
        var lines = ["- **\(row.gene)** (rank \(row.rank), total \(Self.meanSD(row.summary.total)))"]
        if let check = row.check {
            for (claim, verdict) in zip(check.claims, check.verdicts) {
                let evidence: String
                switch verdict {
                case .supported(let rows): evidence = "supported by " + rows.prefix(2).map { "\($0.source) \($0.id)" }.joined(separator: ", ")
                case .contradicted(let rows): evidence = "CONTRADICTED by " + rows.prefix(2).map { "\($0.source) \($0.id)" }.joined(separator: ", ")
                case .unverifiable(let reason): evidence = "UNVERIFIED (\(reason))"
                }
                lines.append("  - \(claim.relation.name.replacingOccurrences(of: "_", with: " ")) \(claim.relation.object): \(evidence)")
            }
        }
        if let expression = row.expression {
            var numbers = ["mean \(Self.number(expression.mean))"]
            if let difference = expression.meanDifference { numbers.append("case-control difference \(Self.number(difference))") }
            if let p = expression.welch?.p { numbers.append("Welch p \(Self.number(p))") }
            if let r = expression.pearson { numbers.append("r with module average \(Self.number(r))") }
            lines.append("  - expression: " + numbers.joined(separator: ", "))
        }
        return lines
    }

    private func agreementLines(_ agreement: ModuleAgreement) -> [String] {
        var lines: [String] = []
        if let icc = agreement.replicateICC {
            lines.append("Replicate agreement: ICC(A,1) of the weighted totals \(Self.number(icc)) over \(agreement.genesInICC) genes.")
        }
        if let match = agreement.reference {
            let ties = match.tiedAtCut
                ? " Genes tied at the cut are counted in proportion (the expected value over random orders of the ties), so precision and recall do not depend on the module's gene order; the genes listed are one such order."
                : ""
            lines.append("Against \(match.reference.source): \(Self.number(match.expectedHits)) of the top \(match.k) agree (precision \(Self.number(match.precision)), recall \(Self.number(match.recall)); found: \(match.found.isEmpty ? "none" : match.found.joined(separator: ", "))).\(ties)")
            let rho = match.rankCorrelation.map(Self.number) ?? "not computed (fewer than 3 of the genes ranked, or a constant order)"
            lines.append("Rank correlation with the published order (Spearman, \(match.rankedCount) of \(match.reference.genes.count) genes ranked here): \(rho).")
        }
        return lines.isEmpty ? [] : ["", "### Agreement", ""] + lines
    }

    private func silverTable(_ scores: [SilverScore]) -> [String] {
        let cutoffs = scores.first?.atK.map(\.k) ?? []
        var lines = ["| silver set | criterion | genes | members | AUROC | average precision | " + cutoffs.map { "P@\($0) | R@\($0) |" }.joined(separator: " "),
                     "|---|---|---|---|---|---|" + cutoffs.map { _ in "---|---|" }.joined()]
        let value = { (number: Double?) in number.map(Self.number) ?? "-" }
        for score in scores {
            lines.append("| \(score.set) | \(score.criterion) | \(score.genes) | \(score.positives) | \(value(score.areaUnderROC)) | \(value(score.averagePrecision)) | "
                         + score.atK.map { "\(Self.number($0.precision)) | \(value($0.recall)) |" }.joined(separator: " "))
        }
        return lines
    }

    /// One row per criterion: the agreement measures of `CriterionAgreement`.
    static func agreementTable(_ rows: [CriterionAgreement]) -> [String] {
        let value = { (number: Double?) in number.map(Self.number) ?? "-" }
        return ["| criterion | genes | Pearson r | Spearman r | ICC(A,1) | weighted kappa | top-k overlap |",
                "|---|---|---|---|---|---|---|"]
            + rows.map { row in
                "| \(row.criterion) | \(row.genes) | \(value(row.pearson)) | \(value(row.spearman)) | \(value(row.icc)) | \(value(row.weightedKappa)) | \(Self.number(row.topKOverlap)) (k = \(row.k)) |"
            }
    }

    static func meanSD(_ summary: SampleSummary) -> String {
        guard let sd = summary.standardDeviation else { return number(summary.mean) }
        return "\(number(summary.mean)) ± \(number(sd))"
    }

    static func number(_ value: Double) -> String {
        // Below rounding noise (a kappa of 1 - x / x): show 0, not -2.2e-16.
        if abs(value) < 1e-12 { return "0" }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return String(format: abs(value) < 0.01 ? "%.2g" : "%.2f", value)
    }
}
