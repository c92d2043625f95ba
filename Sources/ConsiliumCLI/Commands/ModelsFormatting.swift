import Foundation
import Catalog

/// Text shared by the `models` commands.
enum ModelsFormatting {
    /// "98.4 MB": decimal units, as pip and PyPI show sizes.
    static func bytes(_ count: Int) -> String {
        let units = ["bytes", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) bytes" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// Left-aligned columns separated by two spaces.
    static func table(_ rows: [[String]]) -> [String] {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
    }

    /// One progress line for standard error, or nil for events not worth a line.
    static func progressLine(_ event: FetchEvent) -> String? {
        switch event {
        case .alreadyCached(let id, let path):
            return "\(id): already cached, sha256 verified (\(path))"
        case .downloading(let id, let requirements):
            return "\(id): downloading \(requirements.joined(separator: " ")) with pip"
        case .pipOutput(_, let line):
            return "  pip: " + line.trimmingCharacters(in: .whitespaces)
        case .extracting(let id, let part, let total, let member, let bytes):
            return "\(id): extracting part \(part)/\(total), \(member) (\(Self.bytes(bytes)))"
        case .verified(let id, let path, let sha256, let seconds):
            return "\(id): sha256 \(sha256) verified in \(String(format: "%.1f", seconds)) s -> \(path)"
        }
    }
}
