/// Where a recognizer frame is inside its value. One enum for all kinds keeps `RecognizerFrame` a small
/// plain value, so copying a recognizer to try a token costs no allocation until its stack changes.
enum RecognizerPhase: UInt8 {
    case documentStart, documentDone
    case objectOpen, objectStart, objectKey, objectAfterKey, objectBeforeValue, objectAfterValue, objectAfterComma
    case arrayOpen, arrayStart, arrayAfterItem, arrayAfterComma
    case stringOpen, stringBody, stringEscape, stringHex, stringContinuation
    case numberStart, numberMinus, numberZero, numberInteger, numberDot, numberFraction
    case literal
}

/// One open value on a recognizer's stack. The fields mean different things per kind (see each one); a
/// union of small integers rather than an enum with payloads, so a step mutates in place.
struct RecognizerFrame {
    /// The grammar node, or -1 for the document itself.
    var node: Int32
    var phase: RecognizerPhase
    /// Whitespace bytes read in the current place.
    var whitespace: UInt8 = 0
    /// String: continuation bytes or hex digits still due.
    var pending: UInt8 = 0
    /// String: the range the next UTF-8 continuation byte must fall in; for `\u` escapes, `low` is 1 after a
    /// leading 'd' (the next digit must keep the code point out of the surrogates).
    var low: UInt8 = 0, high: UInt8 = 0
    /// Array: items started. String: scalars written. Literal or object key: bytes matched.
    /// Number: digits written.
    var count: Int32 = 0
    /// Literal: the range of texts still possible. Object: `first` is the property whose value is being read.
    var first: Int32 = 0, end: Int32 = 0
    /// Object: keys still possible while one is being read.
    var candidates: UInt64 = 0
    /// Object: properties already written.
    var written: UInt64 = 0
    /// Number: all digits so far as an integer, and how many of them follow the point.
    var mantissa: Int64 = 0
    var fractionDigits: Int32 = 0
    var negative = false

    init(node: Int32, phase: RecognizerPhase) {
        self.node = node
        self.phase = phase
    }
}

/// What one byte did to the top frame.
enum StepResult: Equatable {
    /// The byte belongs to this value, which goes on.
    case consumed
    /// The byte closed this value.
    case finished
    /// This value ended just before the byte (a number or literal that only a following byte ends); the byte
    /// goes to the enclosing value.
    case endedBefore
    /// The byte starts a child value read by this node.
    case push(Int32)
    case rejected
}
