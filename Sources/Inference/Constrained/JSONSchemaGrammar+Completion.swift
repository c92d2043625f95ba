// MARK: Shortest completions: how many bytes at least still stand between a state and a whole document

extension JSONSchemaGrammar {
    /// The length of the shortest value of each node. Children come before their parents in the table
    /// (the compiler adds a node after its children), so one pass in order suffices.
    static func minimumLengths(_ nodes: [GrammarNode]) -> [Int] {
        var lengths: [Int] = []
        for node in nodes {
            switch node {
            case .object(let rule):
                // "{}", or the required members with their commas: one byte more than after the "{".
                lengths.append(rule.required == 0 ? 2 : requiredMembersLength(rule, written: 0, lengths: lengths))
            case .array(let rule):
                let n = rule.minItems
                lengths.append(2 + n * lengths[Int(rule.items)] + max(0, n - 1))
            case .string(let rule):
                lengths.append(2 + rule.minLength)
            case .number(let rule):
                lengths.append(rule.shortestCompletion(RecognizerFrame(node: 0, phase: .numberStart)))
            case .literals(let rule):
                lengths.append(rule.texts.map(\.count).min() ?? 0)
            case .union(let rule):
                lengths.append(rule.byFirstByte.filter { $0 >= 0 }.map { lengths[Int($0)] }.min() ?? 0)
            }
        }
        return lengths
    }

    /// Bytes for `,"key":value` of every required property not yet written, then `}`.
    static func requiredMembersLength(_ rule: ObjectRule, written: UInt64, lengths: [Int]) -> Int {
        var total = 1
        var bits = rule.required & ~written
        while bits != 0 {
            let i = bits.trailingZeroBitCount
            bits &= bits - 1
            total += 2 + rule.properties[i].key.count + lengths[Int(rule.properties[i].node)]
        }
        return total
    }

    /// The fewest bytes that finish the value open in `f`, given its parent phases were already advanced
    /// when its children were pushed (so summing over a stack gives the whole document's remainder).
    func shortestCompletion(_ f: RecognizerFrame) -> Int {
        switch f.phase {
        case .documentStart: return minimumLength[Int(root)]
        case .documentDone: return 0
        case .objectOpen, .arrayOpen, .stringOpen, .numberStart:
            return minimumLength[Int(f.node)]
        default: break
        }
        switch nodes[Int(f.node)] {
        case .object(let rule): return objectCompletion(f, rule)
        case .array(let rule):
            let item = minimumLength[Int(rule.items)]
            let missing = max(0, rule.minItems - Int(f.count))
            switch f.phase {
            case .arrayStart: return rule.minItems == 0 ? 1 : rule.minItems * (item + 1)
            case .arrayAfterItem: return missing * (item + 1) + 1
            default: return max(1, missing) * (item + 1)  // after a comma: at least one more item, then ']'
            }
        case .string(let rule):
            let missing = max(0, rule.minLength - Int(f.count))
            switch f.phase {
            case .stringEscape: return 1 + missing + 1
            case .stringHex, .stringContinuation: return Int(f.pending) + missing + 1
            default: return missing + 1
            }
        case .number(let rule): return rule.shortestCompletion(f)
        case .literals(let rule):
            return rule.texts[Int(f.first)..<Int(f.end)].map(\.count).min().map { $0 - Int(f.count) } ?? 0
        case .union: return 0
        }
    }

    private func objectCompletion(_ f: RecognizerFrame, _ rule: ObjectRule) -> Int {
        let rest = { (written: UInt64) in Self.requiredMembersLength(rule, written: written, lengths: self.minimumLength) }
        let member = { (i: Int) in rule.properties[i].key.count + 1 + self.minimumLength[Int(rule.properties[i].node)] }
        let current = Int(f.first)
        switch f.phase {
        case .objectStart:
            return rule.required & ~f.written == 0 ? 1 : rest(f.written) - 1
        case .objectAfterComma:
            if rule.required & ~f.written != 0 { return rest(f.written) - 1 }
            var best = Int.max
            var bits = rule.all & ~f.written
            while bits != 0 {
                best = min(best, member(bits.trailingZeroBitCount))
                bits &= bits - 1
            }
            return best == Int.max ? 1 : best + 1
        case .objectKey:
            var best = Int.max
            var bits = f.candidates
            while bits != 0 {
                let i = bits.trailingZeroBitCount
                bits &= bits - 1
                let written = f.written | (UInt64(1) << UInt64(i))
                best = min(best, member(i) - Int(f.count) + rest(written))
            }
            return best == Int.max ? 0 : best
        case .objectAfterKey:
            return 1 + minimumLength[Int(rule.properties[current].node)] + rest(f.written)
        case .objectBeforeValue:
            return minimumLength[Int(rule.properties[current].node)] + rest(f.written)
        default:
            return rest(f.written)  // after a value
        }
    }
}
