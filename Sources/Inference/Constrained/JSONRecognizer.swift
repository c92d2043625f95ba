/// An incremental recognizer for one document of a `JSONSchemaGrammar`: a pushdown automaton over bytes.
///
/// Every state it reaches can still be completed to a document valid for the schema, so "is this byte
/// accepted" is the same question as "can this prefix still become a valid document". A value type: copying
/// shares the stack until one copy changes it, and trying bytes that stay inside the current value (most of
/// a string, a number, a key) touches no heap memory at all.
public struct JSONRecognizer {
    public let grammar: JSONSchemaGrammar
    /// The document frame at the bottom, then one frame per open value.
    private var stack: [RecognizerFrame]
    /// `shortestCompletion` of all frames but the top, which change only when the stack does.
    private var completionBelowTop = 0

    public init(grammar: JSONSchemaGrammar) {
        self.grammar = grammar
        stack = [RecognizerFrame(node: -1, phase: .documentStart)]
        stack.reserveCapacity(8)
    }

    // MARK: Reading

    /// Reads one byte. Returns false, leaving the recognizer as it was, when no valid document continues so.
    @discardableResult
    public mutating func feed(_ b: UInt8) -> Bool {
        var top = stack[stack.count - 1]
        switch grammar.step(&top, b) {
        case .consumed:
            stack[stack.count - 1] = top
            return true
        case .rejected:
            return false
        default:
            var copy = stack
            guard Self.feed(b, into: &copy, grammar: grammar) else { return false }
            stack = copy
            completionBelowTop = stack.dropLast().reduce(0) { $0 + grammar.shortestCompletion($1) }
            return true
        }
    }

    /// Reads bytes until one is rejected. Returns the offset of that byte (the recognizer then holds the state
    /// before it), or nil when all were read.
    public mutating func feed<S: Sequence>(_ bytes: S) -> Int? where S.Element == UInt8 {
        for (offset, b) in bytes.enumerated() where !feed(b) { return offset }
        return nil
    }

    /// Whether all of `bytes` would be accepted, and the document could then still be completed within
    /// `budget` more bytes; the recognizer does not change.
    public func accepts(_ bytes: UnsafeBufferPointer<UInt8>, within budget: Int = .max) -> Bool {
        var top = stack[stack.count - 1]
        for i in 0..<bytes.count {
            let before = top
            switch grammar.step(&top, bytes[i]) {
            case .consumed: continue
            case .rejected: return false
            default:
                // The byte closes or opens a value: continue on a copy of the whole stack.
                var copy = stack
                copy[copy.count - 1] = before
                for j in i..<bytes.count where !Self.feed(bytes[j], into: &copy, grammar: grammar) { return false }
                return budget == .max || copy.reduce(0, { $0 + grammar.shortestCompletion($1) }) <= budget
            }
        }
        return budget == .max || completionBelowTop + grammar.shortestCompletion(top) <= budget
    }

    public func accepts(_ bytes: [UInt8], within budget: Int = .max) -> Bool {
        bytes.withUnsafeBufferPointer { accepts($0, within: budget) }
    }

    /// The fewest bytes that still complete the document (0 when it is complete).
    public var shortestCompletion: Int { completionBelowTop + grammar.shortestCompletion(stack[stack.count - 1]) }

    /// Every byte `feed` would accept now.
    public var acceptedBytes: ByteSet {
        var set = ByteSet()
        let top = stack[stack.count - 1]
        for value in 0...255 {
            let b = UInt8(value)
            var trial = top
            switch grammar.step(&trial, b) {
            case .consumed: set.insert(b)
            case .rejected: continue
            default:
                var copy = stack
                if Self.feed(b, into: &copy, grammar: grammar) { set.insert(b) }
            }
        }
        return set
    }

    /// Whether the bytes read form a whole valid document (a number may still go on: "1" can become "10").
    public var isComplete: Bool {
        switch stack.count {
        case 1: return stack[0].phase == .documentDone
        case 2: return grammar.canEndBefore(stack[1])  // the document frame is done once its value began
        default: return false
        }
    }

    /// Open values, the document included: bounded by the schema's depth.
    public var depth: Int { stack.count }

    // MARK: The stack machine

    private static func feed(_ b: UInt8, into stack: inout [RecognizerFrame], grammar: JSONSchemaGrammar) -> Bool {
        // Each pass pops or pushes; a pushed frame always takes the byte that selected it, and the document
        // frame is never popped, so this ends within depth + 1 passes.
        while true {
            switch grammar.step(&stack[stack.count - 1], b) {
            case .consumed:
                return true
            case .finished:
                stack.removeLast()
                return true
            case .endedBefore:
                stack.removeLast()
            case .push(let node):
                stack.append(grammar.initialFrame(node))
            case .rejected:
                return false
            }
        }
    }
}
