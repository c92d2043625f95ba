import Genes
import Scoring
import Support

extension GeneReport {
    /// The report as data: everything the Markdown shows, with the numbers unrounded.
    public var jsonValue: JSONValue {
        let preset = analysis.plan.preset
        return .object([
            "notice": .string(Self.notice),
            "run_id": .string(runID),
            "flow": .string("genes.prioritization"),
            "criteria": .object([
                "preset": .string(preset.id),
                "criteria": .array(preset.criteria.map { criterion in
                    .object(["key": .string(criterion.key), "description": .string(criterion.description),
                             "weight": .number(preset.weights.weight(of: criterion.key) ?? 0)])
                }),
            ]),
            "replicates": .number(Double(analysis.plan.replicates)),
            "normalization": analysis.plan.normalized.jsonValue,
            "modules": .array(analysis.modules.map(Self.json)),
            "silver_sets": .array(analysis.plan.silverSets.map { set in
                .object(["name": .string(set.spec.name), "criterion": .string(set.spec.criterion),
                         "hallmark": .array(set.spec.hallmark.map(JSONValue.string)),
                         "go": .array(set.spec.terms.map { .object(["id": .string($0.id), "aspect": .string($0.aspect.rawValue), "name": .string($0.name)]) }),
                         "why": .string(set.spec.why), "members_loaded": .number(Double(set.members.count))])
            }),
            "silver": .array(analysis.silver.map(\.jsonValue)),
            "replicate_agreement": .array(analysis.replicateAgreement.map(\.jsonValue)),
            "calls": .object(["asked": .number(Double(statistics.providerCalls)), "cached": .number(Double(statistics.cacheHits)),
                              "replayed": .number(Double(statistics.replayedCalls)), "failed_items": .number(Double(failedItems)),
                              "seconds": .number(statistics.seconds)]),
        ])
    }

    static func json(_ module: GeneAnalysis.Module) -> JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(module.id),
            "themes": module.themes,
            "ranking": .array(module.rows.map(json)),
            "top_picks": .array(module.picks.map { .string($0.gene) }),
            "unscored": .array(module.unscored.map { .string($0) }),
            "unresolved": .array(module.unresolved.map(\.jsonValue)),
        ]
        if let title = module.title { members["title"] = .string(title) }
        var agreement: [String: JSONValue] = [
            "replicate_icc_a1": module.agreement.replicateICC.map { .number($0) } ?? .null,
            "genes_in_icc": .number(Double(module.agreement.genesInICC)),
        ]
        if let match = module.agreement.reference {
            agreement["reference"] = .object([
                "source": .string(match.reference.source), "genes": .array(match.reference.genes.map { .string($0) }),
                "k": .number(Double(match.k)), "found": .array(match.found.map { .string($0) }), "expected_hits": .number(match.expectedHits), "tied_at_cut": .bool(match.tiedAtCut),
                "precision_at_k": .number(match.precision), "recall_at_k": .number(match.recall),
                "rank_correlation_spearman": match.rankCorrelation.map { .number($0) } ?? .null,
                "genes_in_rank_correlation": .number(Double(match.rankedCount)),
            ])
        }
        members["agreement"] = .object(agreement)
        members["silver"] = .array(module.silver.map(\.jsonValue))
        if let expression = module.expression { members["expression"] = expression.jsonValue }
        if let sensitivity = module.sensitivity {
            members["sensitivity"] = .object([
                "k": .number(Double(sensitivity.k)),
                "baseline_top": .array(sensitivity.baseline.ranked.prefix(sensitivity.k).map { .string($0) }),
                "alternatives": .array(sensitivity.comparisons.map { comparison in
                    .object(["name": .string(comparison.name), "top": .array(comparison.topK.map { .string($0) }),
                             "top_overlap": .number(comparison.overlap.overlap),
                             "kendall_tau_b": comparison.kendallTauB.map { .number($0) } ?? .null])
                }),
            ])
        }
        return .object(members)
    }

    static func json(_ row: GeneAnalysis.Row) -> JSONValue {
        let sd = { (summary: SampleSummary) in summary.standardDeviation.map { JSONValue.number($0) } ?? .null }
        var members: [String: JSONValue] = [
            "rank": .number(Double(row.rank)), "gene": .string(row.gene),
            "total_mean": .number(row.summary.total.mean), "total_sd": sd(row.summary.total),
            "replicates": .number(Double(row.summary.replicateCount)),
            "failed_replicates": .array(row.failedReplicates.map { .number(Double($0)) }),
            "criteria": .object(row.summary.criteria.mapValues { .object(["mean": .number($0.mean), "sd": sd($0)]) }),
            "justifications": .object(row.justifications.mapValues { .string($0) }),
            "claims_checked": .bool(row.check != nil),
            "backed_by_supported_claims": .bool(row.backed),
        ]
        if let check = row.check { members["claim_check"] = check.jsonValue }
        if let expression = row.expression { members["expression"] = expression.jsonValue }
        return .object(members)
    }
}
