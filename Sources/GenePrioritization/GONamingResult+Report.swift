import Genes
import Scoring
import Support

extension GONamingResult {
    public static let rule = "A theme names the set when the Dice coefficient of its content words and the GO term name's is at least \(NameOverlap.threshold) (words as claim checking reads them, with filler such as process, of, pathway, system dropped; no synonyms, no embeddings). Low confidence: no coherent theme, or a top theme confidence below \(GONamingAnswer.lowConfidence)."

    /// The benchmark report: the rule, the summary beside GPT-4's published answers, and one row per set.
    public func markdown(model: String, runID: String) -> String {
        let value = { (number: Double?) in number.map(GeneReport.number) ?? "-" }
        var lines = ["# GO-naming benchmark (Hu et al. 2025 sets)", "",
                     "Model `\(model)` · run `\(runID)` · \(items.count) GO biological-process sets, each asked as is, with half its genes random and with all of them random.", "",
                     Self.rule, "", "| | this model | GPT-4 (published, same sets) |", "|---|---|---|"]
        lines.append("| real sets named by the top theme | \(Self.rate(named)) | \(Self.rate(publishedNamed)) |")
        lines.append("| real sets named by any theme | \(Self.rate(namedByAnyTheme)) | - |")
        lines.append("| mean overlap of the top theme with the term | \(value(meanTopOverlap)) | \(value(publishedMeanTopOverlap)) |")
        lines.append("| mean confidence on real sets | \(value(variants.first?.meanConfidence)) | \(value(publishedMeanConfidence)) |")
        lines.append("| real sets left unnamed (low confidence / \"Name not assigned\") | \(Self.rate(variants[0].lowConfidence)) | \(publishedNotAssigned) of \(items.compactMap(\.published).count) |")
        lines += ["", "| variant | answered | failed | mean confidence | low confidence |", "|---|---|---|---|---|"]
        for summary in variants {
            lines.append("| \(summary.variant.rawValue) | \(summary.answered) | \(summary.failed) | \(value(summary.meanConfidence)) | \(Self.rate(summary.lowConfidence)) |")
        }
        lines += ["", "Confidence separating real from random sets: AUROC \(value(realVersusRandomAUROC)) (0.5 is no separation). The published file holds GPT-4's answers on the real sets only, so its random-set rate cannot be shown.", ""]
        lines += ["| GO term | name | top theme | overlap | confidence real / half / random | GPT-4 name | overlap | GPT-4 confidence |",
                  "|---|---|---|---|---|---|---|---|"]
        for item in items {
            let confidences = GONamingSet.Variant.allCases.map { variant in
                item.answers[variant].map { $0.confidence.map(GeneReport.number) ?? "failed" } ?? "-"
            }.joined(separator: " / ")
            let published = item.published
            lines.append("| \(item.set.term) | \(item.set.name) | \(Self.cell(item.answers[.real]?.topName ?? "-")) | \(value(item.topOverlap)) | \(confidences) | \(Self.cell(published?.name ?? "-")) | \(value(published.map { NameOverlap.dice($0.name, item.set.name) })) | \(value(published?.confidence)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var jsonValue: JSONValue {
        let optional = { (value: Double?) in value.map(JSONValue.number) ?? .null }
        let proportion = { (p: Proportion) -> JSONValue in
            let interval = try? p.wilsonInterval()
            return .object(["successes": .number(Double(p.successes)), "trials": .number(Double(p.trials)), "value": optional(p.value),
                            "wilson_95": interval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null])
        }
        return .object([
            "rule": .string(Self.rule), "named_threshold": .number(NameOverlap.threshold),
            "low_confidence_below": .number(GONamingAnswer.lowConfidence),
            "named_by_top_theme": proportion(named), "named_by_any_theme": proportion(namedByAnyTheme),
            "mean_top_overlap": optional(meanTopOverlap), "real_versus_random_auroc": optional(realVersusRandomAUROC),
            "variants": .array(variants.map { summary in
                .object(["variant": .string(summary.variant.rawValue), "answered": .number(Double(summary.answered)),
                         "failed": .number(Double(summary.failed)), "mean_confidence": optional(summary.meanConfidence),
                         "low_confidence": proportion(summary.lowConfidence)])
            }),
            "published_gpt4": .object(["named_by_name": proportion(publishedNamed), "mean_confidence": optional(publishedMeanConfidence),
                                       "name_not_assigned": .number(Double(publishedNotAssigned)),
                                       "mean_overlap": optional(publishedMeanTopOverlap)]),
            "sets": .array(items.map { item in
                var members: [String: JSONValue] = ["term": .string(item.set.term), "name": .string(item.set.name),
                                                    "top_overlap": optional(item.topOverlap)]
                for variant in GONamingSet.Variant.allCases {
                    guard let answer = item.answers[variant] else { continue }
                    switch answer {
                    case let .themes(coherent, names, topName, _):
                        members[variant.rawValue] = .object(["coherent": .bool(coherent), "themes": .array(names.map(JSONValue.string)),
                                                             "top": topName.map(JSONValue.string) ?? .null, "confidence": optional(answer.confidence)])
                    case .failed(let reason):
                        members[variant.rawValue] = .object(["failed": .string(reason)])
                    }
                }
                if let published = item.published {
                    members["gpt4"] = .object(["name": .string(published.name), "confidence": .number(published.confidence), "bin": .string(published.bin)])
                }
                return .object(members)
            }),
        ])
    }

    /// "7/20 (0.35, 95% CI 0.18-0.57)".
    static func rate(_ p: Proportion) -> String {
        guard let value = p.value else { return "0/0" }
        let interval = (try? p.wilsonInterval()).map { ", 95% CI \(GeneReport.number($0.lower))-\(GeneReport.number($0.upper))" } ?? ""
        return "\(p) (\(GeneReport.number(value))\(interval))"
    }

    /// Text safe inside a Markdown table cell.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "/").replacingOccurrences(of: "\n", with: " ")
    }
}
