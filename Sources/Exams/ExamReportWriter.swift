import Foundation
import Support

/// Renders run and comparison reports as Markdown, CSV and JSON. Only ids, tags and numbers are
/// printed: no item text, so a report on a redacted set (TXIT) is safe to share.
public enum ExamReportWriter {
    static let runColumns = ["run", "dataset", "group", "n", "correct", "accuracy", "ci_lower", "ci_upper",
                             "accuracy_among_parsed", "parse_failures", "parse_failure_rate", "unparseable", "empty",
                             "refusals", "transport_errors", "constant_label", "constant_accuracy", "uniform_accuracy",
                             "extractor"]

    // MARK: Markdown

    public static func markdown(runs: [RunReport]) -> String {
        var out = ""
        for report in runs {
            out += "### \(ReportFormat.cell(report.run)) on \(ReportFormat.cell(report.datasetName))\n\n"
            out += "Dataset sha256 \(report.datasetIdentity.prefix(16)), extractor v\(report.extractorVersions.joined(separator: "+"))"
            if report.missingItems > 0 { out += ", **\(report.missingItems) items not yet scored**" }
            out += ". Accuracy counts unparseable, empty, refused and failed replies as wrong.\n\n"
            out += "| group | n | accuracy | 95% CI (Wilson) | among parsed | parse failures | transport errors | constant letter | uniform |\n"
            out += "|---|---:|---:|---|---:|---:|---:|---:|---:|\n"
            for group in [report.overall] + report.byTag {
                let s = group.summary
                let constant = group.baselines.bestConstantLabel.map {
                    "\(ReportFormat.percent(group.baselines.constantAccuracy)) (\($0))"
                } ?? "n/a"
                out += "| \(ReportFormat.cell(group.name)) | \(s.itemCount) | \(ReportFormat.percent(s.accuracy.value)) | "
                    + "\(ReportFormat.interval(s.interval.lower, s.interval.upper)) | \(ReportFormat.percent(s.accuracyAmongParsed.value)) | "
                    + "\(s.parseFailures) (\(ReportFormat.percent(s.parseFailureRate))) | \(s.transportErrors) | "
                    + "\(constant) | \(ReportFormat.percent(group.baselines.uniformAccuracy)) |\n"
            }
            out += "\nPredicted letters against the key (\(report.histogram.unanswered) unanswered):\n\n"
            out += "| label | predicted | key |\n|---|---:|---:|\n"
            for row in report.histogram.rows {
                out += "| \(ReportFormat.cell(row.label)) | \(row.predicted) | \(row.key) |\n"
            }
            out += "\n"
        }
        return out
    }

    public static func markdown(comparison c: ComparisonReport) -> String {
        var out = "### \(ReportFormat.cell(c.first)) vs \(ReportFormat.cell(c.second))\n\n"
        out += "Paired on the same items; difference = first minus second; 95% CI by paired bootstrap "
            + "(\(c.overall.difference.resamples) resamples, seed \(c.overall.difference.seed)); McNemar exact p"
        out += c.byTag.isEmpty ? "" : ", Holm-adjusted across \(c.tag ?? "tag") values"
        out += "; MDD = smallest difference detectable at alpha 0.05, power 0.8."
        if c.unpairedItems > 0 { out += " \(c.unpairedItems) items scored in only one run are left out." }
        out += "\n\n| group | n | \(ReportFormat.cell(c.first)) | \(ReportFormat.cell(c.second)) | difference | 95% CI | discordant | McNemar p | Holm p | MDD |\n"
        out += "|---|---:|---:|---:|---:|---|---:|---:|---:|---:|\n"
        let rows = [(c.overall, nil as Double?)] + zip(c.byTag, c.holmAdjustedPValues).map { ($0, Optional($1)) }
        for (p, holm) in rows {
            out += "| \(ReportFormat.cell(p.name)) | \(p.itemCount) | \(ReportFormat.percent(p.firstAccuracy.value)) | "
                + "\(ReportFormat.percent(p.secondAccuracy.value)) | \(ReportFormat.points(p.difference.estimate)) | "
                + "\(ReportFormat.pointsInterval(p.difference.interval?.lower, p.difference.interval?.upper)) | "
                + "\(p.test.discordantCount) | \(ReportFormat.pValue(p.test.pValue)) | \(holm.map(ReportFormat.pValue) ?? "") | "
                + "\(p.minimumDetectableDifference.map { String(format: "%.1f pp", $0 * 100) } ?? "n/a") |\n"
        }
        return out
    }

    // MARK: CSV

    public static func csv(runs: [RunReport]) -> String {
        var out = ReportFormat.csvLine(runColumns)
        for report in runs {
            for group in [report.overall] + report.byTag {
                let s = group.summary, b = group.baselines
                out += ReportFormat.csvLine([
                    report.run, report.datasetName, group.name, String(s.itemCount), String(s.correct),
                    ReportFormat.number(s.accuracy.value), ReportFormat.number(s.interval.lower),
                    ReportFormat.number(s.interval.upper), ReportFormat.number(s.accuracyAmongParsed.value),
                    String(s.parseFailures), ReportFormat.number(s.parseFailureRate), String(s.unparseable), String(s.empty),
                    String(s.refusals), String(s.transportErrors), b.bestConstantLabel ?? "",
                    ReportFormat.number(b.constantAccuracy), ReportFormat.number(b.uniformAccuracy),
                    report.extractorVersions.joined(separator: "+"),
                ])
            }
        }
        return out
    }

    public static func csv(comparison c: ComparisonReport) -> String {
        var out = ReportFormat.csvLine(["first", "second", "group", "n", "first_accuracy", "second_accuracy", "difference",
                                        "ci_lower", "ci_upper", "discordant", "mcnemar_p", "holm_p", "mdd"])
        let rows = [(c.overall, nil as Double?)] + zip(c.byTag, c.holmAdjustedPValues).map { ($0, Optional($1)) }
        for (p, holm) in rows {
            out += ReportFormat.csvLine([
                c.first, c.second, p.name, String(p.itemCount), ReportFormat.number(p.firstAccuracy.value),
                ReportFormat.number(p.secondAccuracy.value), ReportFormat.number(p.difference.estimate),
                ReportFormat.number(p.difference.interval?.lower), ReportFormat.number(p.difference.interval?.upper),
                String(p.test.discordantCount), ReportFormat.number(p.test.pValue), ReportFormat.number(holm),
                ReportFormat.number(p.minimumDetectableDifference),
            ])
        }
        return out
    }

    // MARK: JSON

    public static func json(run report: RunReport) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        func group(_ g: RunReport.Group) -> JSONValue {
            let s = g.summary
            return [
                "group": .string(g.name), "n": .number(Double(s.itemCount)), "correct": .number(Double(s.correct)),
                "wrong": .number(Double(s.wrong)), "unparseable": .number(Double(s.unparseable)),
                "empty": .number(Double(s.empty)), "refusals": .number(Double(s.refusals)),
                "transportErrors": .number(Double(s.transportErrors)), "accuracy": number(s.accuracy.value),
                "wilson95": [number(s.interval.lower), number(s.interval.upper)],
                "accuracyAmongParsed": number(s.accuracyAmongParsed.value),
                "parseFailureRate": number(s.parseFailureRate),
                "baselines": ["constantLabel": g.baselines.bestConstantLabel.map { .string($0) } ?? .null,
                              "constantAccuracy": number(g.baselines.constantAccuracy),
                              "uniformAccuracy": number(g.baselines.uniformAccuracy)],
            ]
        }
        return [
            "run": .string(report.run), "dataset": .string(report.datasetName),
            "datasetSha256": .string(report.datasetIdentity),
            "extractorVersions": .array(report.extractorVersions.map { .string($0) }),
            "missingItems": .number(Double(report.missingItems)),
            "overall": group(report.overall), "tag": report.tag.map { .string($0) } ?? .null,
            "byTag": .array(report.byTag.map(group)),
            "histogram": .array(report.histogram.rows.map {
                ["label": .string($0.label), "predicted": .number(Double($0.predicted)), "key": .number(Double($0.key))]
            }),
        ]
    }

    public static func json(comparison c: ComparisonReport) -> JSONValue {
        func number(_ value: Double?) -> JSONValue { value.map { .number($0) } ?? .null }
        func row(_ p: PairedComparison, holm: Double?) -> JSONValue {
            [
                "group": .string(p.name), "n": .number(Double(p.itemCount)),
                "firstAccuracy": number(p.firstAccuracy.value), "secondAccuracy": number(p.secondAccuracy.value),
                "difference": number(p.difference.estimate),
                "bootstrap95": p.difference.interval.map { [.number($0.lower), .number($0.upper)] } ?? .null,
                "mcnemar": ["bothCorrect": .number(Double(p.test.bothCorrect)),
                            "onlyFirstCorrect": .number(Double(p.test.onlyFirstCorrect)),
                            "onlySecondCorrect": .number(Double(p.test.onlySecondCorrect)),
                            "bothWrong": .number(Double(p.test.bothWrong)), "p": .number(p.test.pValue)],
                "holmP": number(holm), "minimumDetectableDifference": number(p.minimumDetectableDifference),
            ]
        }
        return [
            "first": .string(c.first), "second": .string(c.second), "tag": c.tag.map { .string($0) } ?? .null,
            "resamples": .number(Double(c.overall.difference.resamples)),
            "seed": .string(String(c.overall.difference.seed)),  // a string: UInt64 seeds exceed a double's 53 bits
            "unpairedItems": .number(Double(c.unpairedItems)),
            "overall": row(c.overall, holm: nil),
            "byTag": .array(zip(c.byTag, c.holmAdjustedPValues).map { row($0, holm: $1) }),
        ]
    }
}
