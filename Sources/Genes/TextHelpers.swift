import Foundation

extension Substring {
    /// Without leading and trailing spaces, tabs and line ends. Byte-level: Foundation's trimming
    /// bridges through UTF-16 and was the largest cost of loading the HGNC table.
    var trimmed: String {
        let blank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let first = utf8.firstIndex(where: { !blank($0) }),
              let last = utf8.lastIndex(where: { !blank($0) }) else { return "" }
        return String(self[first...last])
    }
}

extension String {
    var trimmed: String { self[...].trimmed }

    func caseInsensitiveEquals(_ other: String) -> Bool { uppercased() == other.uppercased() }

    /// "A2" before "A10": compares runs of digits by value.
    func naturalLess(_ other: String) -> Bool {
        compare(other, options: .numeric) == .orderedAscending
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
