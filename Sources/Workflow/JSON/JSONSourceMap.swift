import Foundation
import Support

/// Where each value of a JSON document starts in its file, so a check that found a problem at
/// `$.steps[2].template` can say "line 14, column 19".
///
/// A second pass over text the strict parser has already accepted: it only has to find value
/// boundaries, so it skips strings and scalars without decoding them (keys are decoded through
/// the real parser so escaped keys match their paths).
public struct JSONSourceMap: Sendable {
    public let bytes: [UInt8]
    /// The parsed document, so callers need not parse the text a second time.
    public let document: JSONValue
    private var offsets: [JSONPath: Int] = [:]

    /// Reads `bytes`; throws the parser's error when the text is not valid JSON.
    public init(bytes: [UInt8]) throws {
        self.bytes = bytes
        document = try JSONValue(parsing: Data(bytes))
        var scanner = Scanner(bytes: bytes)
        scanner.skipBOM()
        scanner.scanValue(at: .root)
        offsets = scanner.offsets
    }

    /// The byte offset where the value at `path` starts; for a path that is absent (a missing
    /// field), the offset of the nearest enclosing value that exists.
    public func offset(of path: JSONPath) -> Int {
        var current: JSONPath? = path
        while let candidate = current {
            if let offset = offsets[candidate] { return offset }
            current = candidate.parent
        }
        return 0
    }

    public func location(of path: JSONPath) -> TextLocation {
        TextLocation(offset: offset(of: path), in: bytes)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var offsets: [JSONPath: Int] = [:]

        mutating func skipBOM() {
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        }

        mutating func scanValue(at path: JSONPath) {
            skipWhitespace()
            guard position < bytes.count else { return }
            offsets[path] = position
            switch bytes[position] {
            case UInt8(ascii: "{"):
                position += 1
                while true {
                    skipWhitespace()
                    guard position < bytes.count else { return }
                    if bytes[position] == UInt8(ascii: "}") { position += 1; return }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    let keyStart = position
                    skipString()
                    let key = (try? JSONValue(parsing: Data(bytes[keyStart..<position])))?.stringValue ?? ""
                    skipWhitespace()
                    position += 1  // the ':' the parser already checked
                    scanValue(at: path.appending(key))
                }
            case UInt8(ascii: "["):
                position += 1
                var index = 0
                while true {
                    skipWhitespace()
                    guard position < bytes.count else { return }
                    if bytes[position] == UInt8(ascii: "]") { position += 1; return }
                    if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
                    scanValue(at: path.appending(index))
                    index += 1
                }
            case UInt8(ascii: "\""):
                skipString()
            default:
                while position < bytes.count, !Self.isDelimiter(bytes[position]) { position += 1 }
            }
        }

        mutating func skipString() {
            position += 1
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: "\\"): position += 2
                case UInt8(ascii: "\""): position += 1; return
                default: position += 1
                }
            }
        }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[position]) { position += 1 }
        }

        static func isDelimiter(_ byte: UInt8) -> Bool {
            [UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), 0x20, 0x09, 0x0A, 0x0D].contains(byte)
        }
    }
}
