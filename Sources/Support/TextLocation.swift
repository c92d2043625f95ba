/// A 1-based line and column in a text file: what error messages show instead of a byte offset.
///
/// Columns count Unicode scalars, so a line with "é" before the error still points at the
/// character an editor shows; lines end at "\n" (a "\r\n" pair counts as one line end).
public struct TextLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    /// The location of `offset` in UTF-8 `bytes`. An offset past the end maps to the position just
    /// after the last byte (where "unexpected end of input" happened).
    public init(offset: Int, in bytes: [UInt8]) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var column = 1
        var index = 0
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80, byte != UInt8(ascii: "\r") {
                // Count lead bytes only: one column per scalar, not per byte.
                column += 1
            }
            index += 1
        }
        self.init(line: line, column: column)
    }

    public init<S: StringProtocol>(offset: Int, in text: S) {
        self.init(offset: offset, in: Array(text.utf8))
    }

    public var description: String { "\(line):\(column)" }
}
