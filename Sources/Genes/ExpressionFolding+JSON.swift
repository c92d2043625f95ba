import Support

extension ExpressionFolding {
    /// The numbers as the run records them; undefined values are null, never 0.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "genes": .array(genes.map(\.jsonValue)),
            "missing_genes": .array(missingGenes.map { .string($0) }),
            "module_average": .array(moduleAverage.map { .number($0) }),
        ]
        if let comparison {
            members["comparison"] = .object([
                "case": .string(comparison.caseGroup), "control": .string(comparison.controlGroup),
                "case_samples": .number(Double(comparison.caseSamples)),
                "control_samples": .number(Double(comparison.controlSamples)),
            ])
        }
        return .object(members)
    }
}

extension GeneExpression {
    public var jsonValue: JSONValue {
        let number = { (value: Double?) in value.map { JSONValue.number($0) } ?? .null }
        return .object([
            "gene": .string(gene), "mean": .number(mean), "case_mean": number(caseMean),
            "control_mean": number(controlMean), "mean_difference": number(meanDifference),
            "log2_fold_change": number(log2FoldChange), "welch_t": number(welch?.t),
            "welch_df": number(welch?.degreesOfFreedom), "welch_p": number(welch?.p),
            "pearson_with_module": number(pearson), "spearman_with_module": number(spearman),
        ])
    }
}
