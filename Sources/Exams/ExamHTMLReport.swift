import Foundation

/// One self-contained HTML page (XHTML, so any XML parser can check it): per run the summary
/// table and its bar chart, then each comparison, then calibration plots. No script, no external
/// files; like the other writers it prints ids and numbers, never item text.
public enum ExamHTMLReport {
    public static func render(title: String, runs: [RunReport], comparisons: [ComparisonReport] = [],
                              calibrations: [(run: String, report: CalibrationSummary)] = []) -> String {
        let x = ReportFormat.xml
        var out = """
        <?xml version="1.0" encoding="UTF-8"?>
        <html xmlns="http://www.w3.org/1999/xhtml"><head><meta charset="utf-8"/><title>\(x(title))</title>
        <style>body{font-family:sans-serif;max-width:60em;margin:2em auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child{text-align:left}</style>
        </head><body><h1>\(x(title))</h1>
        <p>Decision support, not a decision: scores on exam sets measure the models on those items only.
        Accuracy counts unparseable, empty, refused and failed replies as wrong.</p>

        """
        for report in runs {
            out += "<h2>\(x(report.run)) on \(x(report.datasetName))</h2>\n"
            out += "<p>dataset sha256 \(x(String(report.datasetIdentity.prefix(16)))), extractor v\(x(report.extractorVersions.joined(separator: "+")))"
            out += report.missingItems > 0 ? ", \(report.missingItems) items not yet scored</p>\n" : "</p>\n"
            out += "<table><tr><th>group</th><th>n</th><th>accuracy</th><th>95% CI</th><th>among parsed</th><th>parse failures</th><th>constant letter</th><th>uniform</th></tr>\n"
            for group in [report.overall] + report.byTag {
                let s = group.summary, b = group.baselines
                let cells = [group.name, String(s.itemCount), ReportFormat.percent(s.accuracy.value),
                             ReportFormat.interval(s.interval.lower, s.interval.upper),
                             ReportFormat.percent(s.accuracyAmongParsed.value), String(s.parseFailures),
                             b.bestConstantLabel.map { "\(ReportFormat.percent(b.constantAccuracy)) (\($0))" } ?? "n/a",
                             ReportFormat.percent(b.uniformAccuracy)]
                out += "<tr>" + cells.map { "<td>\(x($0))</td>" }.joined() + "</tr>\n"
            }
            out += "</table>\n" + SVGBarChart(report: report).svg
        }
        for comparison in comparisons {
            out += "<h2>\(x(comparison.first)) vs \(x(comparison.second))</h2>\n<table><tr><th>group</th><th>n</th><th>difference</th><th>95% CI</th><th>McNemar p</th><th>Holm p</th><th>MDD</th></tr>\n"
            let rows = [(comparison.overall, nil as Double?)] + zip(comparison.byTag, comparison.holmAdjustedPValues).map { ($0, Optional($1)) }
            for (p, holm) in rows {
                let cells = [p.name, String(p.itemCount), ReportFormat.points(p.difference.estimate),
                             ReportFormat.pointsInterval(p.difference.interval?.lower, p.difference.interval?.upper),
                             ReportFormat.pValue(p.test.pValue), holm.map(ReportFormat.pValue) ?? "",
                             p.minimumDetectableDifference.map { String(format: "%.1f pp", $0 * 100) } ?? "n/a"]
                out += "<tr>" + cells.map { "<td>\(x($0))</td>" }.joined() + "</tr>\n"
            }
            out += "</table>\n"
        }
        for (run, calibration) in calibrations {
            out += "<h2>Calibration: \(x(run))</h2>\n<p>Brier \(ReportFormat.number(calibration.brierScore)), ECE \(ReportFormat.percent(calibration.expectedCalibrationError)), n = \(calibration.itemCount)</p>\n"
            out += SVGCalibrationPlot(title: run, report: calibration.report).svg
        }
        return out + "</body></html>\n"
    }
}
