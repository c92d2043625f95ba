// MARK: One byte on the top frame

extension JSONSchemaGrammar {
    /// The frame a value of `node` starts in (node must not be a union: `resolve` picks the alternative).
    func initialFrame(_ node: Int32) -> RecognizerFrame {
        switch nodes[Int(node)] {
        case .object: return RecognizerFrame(node: node, phase: .objectOpen)
        case .array: return RecognizerFrame(node: node, phase: .arrayOpen)
        case .string: return RecognizerFrame(node: node, phase: .stringOpen)
        case .number: return RecognizerFrame(node: node, phase: .numberStart)
        case .literals(let rule):
            var frame = RecognizerFrame(node: node, phase: .literal)
            frame.end = Int32(rule.texts.count)
            return frame
        case .union: return RecognizerFrame(node: node, phase: .documentDone)  // unreachable: unions are resolved
        }
    }

    /// Reads one byte into the top frame. Only `.consumed` promises the frame alone changed; the other
    /// results ask the caller to pop or push.
    @inline(__always)
    func step(_ f: inout RecognizerFrame, _ b: UInt8) -> StepResult {
        switch f.phase {
        case .documentStart:
            if takeWhitespace(&f, b) { return .consumed }
            guard let child = resolve(root, startingWith: b) else { return .rejected }
            f.phase = .documentDone
            return .push(child)
        case .documentDone:
            return .rejected
        case .objectOpen, .objectStart, .objectKey, .objectAfterKey, .objectBeforeValue, .objectAfterValue, .objectAfterComma:
            guard case .object(let rule) = nodes[Int(f.node)] else { return .rejected }
            return stepObject(&f, b, rule)
        case .arrayOpen, .arrayStart, .arrayAfterItem, .arrayAfterComma:
            guard case .array(let rule) = nodes[Int(f.node)] else { return .rejected }
            return stepArray(&f, b, rule)
        case .stringOpen, .stringBody, .stringEscape, .stringHex, .stringContinuation:
            guard case .string(let rule) = nodes[Int(f.node)] else { return .rejected }
            return rule.step(&f, b)
        case .numberStart, .numberMinus, .numberZero, .numberInteger, .numberDot, .numberFraction:
            guard case .number(let rule) = nodes[Int(f.node)] else { return .rejected }
            return rule.step(&f, b)
        case .literal:
            guard case .literals(let rule) = nodes[Int(f.node)] else { return .rejected }
            return rule.step(&f, b)
        }
    }

    /// Whether the value in `f` is complete as it stands, so the next byte may belong to its parent.
    func canEndBefore(_ f: RecognizerFrame) -> Bool {
        switch nodes[Int(f.node)] {
        case .number(let rule): return rule.canEnd(f)
        case .literals(let rule): return f.phase == .literal && rule.texts[Int(f.first)].count == Int(f.count)
        default: return false
        }
    }

    @inline(__always)
    private func takeWhitespace(_ f: inout RecognizerFrame, _ b: UInt8) -> Bool {
        guard b == 0x20 || b == 0x0A, Int(f.whitespace) < maxWhitespace else { return false }
        f.whitespace += 1
        return true
    }

    /// Moves to `phase`, where a new run of whitespace may begin.
    @inline(__always)
    private func enter(_ f: inout RecognizerFrame, _ phase: RecognizerPhase) {
        f.phase = phase
        f.whitespace = 0
    }

    // MARK: Objects: `{`, then keys in any order, each once, until every required one is written

    private func stepObject(_ f: inout RecognizerFrame, _ b: UInt8, _ rule: ObjectRule) -> StepResult {
        switch f.phase {
        case .objectOpen:
            guard b == UInt8(ascii: "{") else { return .rejected }
            enter(&f, .objectStart)
            return .consumed
        case .objectStart, .objectAfterComma:
            if takeWhitespace(&f, b) { return .consumed }
            if b == UInt8(ascii: "\"") {
                let open = rule.all & ~f.written
                guard open != 0 else { return .rejected }
                f.candidates = open
                f.count = 1  // every key starts with the quote just read
                enter(&f, .objectKey)
                return .consumed
            }
            if b == UInt8(ascii: "}") && f.phase == .objectStart && rule.required == 0 { return .finished }
            return .rejected
        case .objectKey:
            let position = Int(f.count)
            var remaining: UInt64 = 0
            var completed = -1
            var bits = f.candidates
            while bits != 0 {
                let i = bits.trailingZeroBitCount
                bits &= bits - 1
                let key = rule.properties[i].key
                if key.count > position && key[position] == b {
                    remaining |= UInt64(1) << UInt64(i)
                    // Keys end with a quote and inner quotes are escaped, so at most one key completes here.
                    if key.count == position + 1 { completed = i }
                }
            }
            guard remaining != 0 else { return .rejected }
            f.count += 1
            if completed >= 0 {
                f.first = Int32(completed)
                f.written |= UInt64(1) << UInt64(completed)
                f.candidates = 0
                enter(&f, .objectAfterKey)
            } else {
                f.candidates = remaining
            }
            return .consumed
        case .objectAfterKey:
            guard b == UInt8(ascii: ":") else { return .rejected }
            enter(&f, .objectBeforeValue)
            return .consumed
        case .objectBeforeValue:
            if takeWhitespace(&f, b) { return .consumed }
            guard let child = resolve(rule.properties[Int(f.first)].node, startingWith: b) else { return .rejected }
            enter(&f, .objectAfterValue)
            return .push(child)
        case .objectAfterValue:
            if takeWhitespace(&f, b) { return .consumed }
            if b == UInt8(ascii: ",") && rule.all & ~f.written != 0 {
                enter(&f, .objectAfterComma)
                return .consumed
            }
            if b == UInt8(ascii: "}") && rule.required & ~f.written == 0 { return .finished }
            return .rejected
        default:
            return .rejected
        }
    }

    // MARK: Arrays: `[`, items between minItems and maxItems, `]`

    private func stepArray(_ f: inout RecognizerFrame, _ b: UInt8, _ rule: ArrayRule) -> StepResult {
        switch f.phase {
        case .arrayOpen:
            guard b == UInt8(ascii: "[") else { return .rejected }
            enter(&f, .arrayStart)
            return .consumed
        case .arrayStart:
            if takeWhitespace(&f, b) { return .consumed }
            if b == UInt8(ascii: "]") { return rule.minItems == 0 ? .finished : .rejected }
            guard rule.maxItems > 0, let child = resolve(rule.items, startingWith: b) else { return .rejected }
            f.count = 1
            enter(&f, .arrayAfterItem)
            return .push(child)
        case .arrayAfterItem:
            if takeWhitespace(&f, b) { return .consumed }
            if b == UInt8(ascii: ",") && Int(f.count) < rule.maxItems {
                enter(&f, .arrayAfterComma)
                return .consumed
            }
            if b == UInt8(ascii: "]") && Int(f.count) >= rule.minItems { return .finished }
            return .rejected
        case .arrayAfterComma:
            if takeWhitespace(&f, b) { return .consumed }
            guard let child = resolve(rule.items, startingWith: b) else { return .rejected }
            f.count += 1
            enter(&f, .arrayAfterItem)
            return .push(child)
        default:
            return .rejected
        }
    }
}
