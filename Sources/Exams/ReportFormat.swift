import Foundation

/// Number and text formatting shared by the Markdown, CSV and SVG writers.
enum ReportFormat {
    /// 0.7457 -> "74.6%"; nil -> "n/a".
    static func percent(_ value: Double?, digits: Int = 1) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%.\(digits)f%%", value * 100)
    }

    /// A signed percentage-point difference: "+3.2 pp".
    static func points(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "n/a" }
        return String(format: "%+.1f pp", value * 100)
    }

    static func interval(_ lower: Double?, _ upper: Double?) -> String {
        guard let lower, let upper else { return "n/a" }
        return "[\(percent(lower)), \(percent(upper))]"
    }

    static func pointsInterval(_ lower: Double?, _ upper: Double?) -> String {
        guard let lower, let upper, lower.isFinite, upper.isFinite else { return "n/a" }
        return String(format: "[%+.1f, %+.1f] pp", lower * 100, upper * 100)
    }

    /// p-values: three significant digits, and "< 0.001" below that.
    static func pValue(_ p: Double) -> String {
        p < 0.001 ? "< 0.001" : String(format: "%.3f", p)
    }

    /// Plain numbers for CSV and JSON: shortest round-tripping form.
    static func number(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "" }
        return "\(value)"
    }

    /// A Markdown table cell: pipes escaped, line breaks flattened.
    static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    /// An RFC 4180 CSV field: quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func csvLine(_ fields: [String]) -> String { fields.map(csvField).joined(separator: ",") + "\n" }

    /// Text and attribute values in XML.
    static func xml(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Coordinates with two decimals: enough for a screen, stable across platforms.
    static func coordinate(_ value: Double) -> String { String(format: "%.2f", value) }
}
