/// A run of input bytes still to be tokenized, or a special token found in the input.
enum InputFragment: Equatable {
    case text(Range<Int>)
    case token(Int32)
}

/// Finds the texts of special tokens (control, user-defined, unknown) in the input before ordinary tokenization,
/// with the result of llama.cpp's `tokenizer_st_partition`: tokens are taken longest text first, each claiming
/// its leftmost non-overlapping occurrences in what earlier tokens left unclaimed.
///
/// Instead of scanning the input once per special token (Gemma has over 6,000), one pass over a byte trie lists
/// every occurrence, and the occurrences are then claimed in that same priority order.
struct SpecialTokenMatcher: Sendable {
    /// Special tokens in claiming order: longer text first, lower id first among equal lengths.
    private let tokens: [Int32]
    /// Whether the token at the same index is matched when special-token parsing is off (user-defined ones are).
    private let matchedWithoutParsing: [Bool]
    /// Trie over the token texts: children of the root by byte, deeper children keyed by `node << 8 | byte`.
    private let rootChildren: [Int32]
    private let children: [Int: Int32]
    /// For each trie node, the index in `tokens` of the token whose text ends there, or -1.
    private let terminal: [Int32]

    init(vocabulary: Vocabulary) {
        var special: [Int32] = []
        for id in 0..<vocabulary.count where !vocabulary.attributes[id].isDisjoint(with: TokenAttributes.matchedAsText) {
            special.append(Int32(id))
        }
        special.sort { a, b in
            let la = vocabulary.texts.length(a), lb = vocabulary.texts.length(b)
            return la != lb ? la > lb : a < b
        }
        tokens = special
        matchedWithoutParsing = special.map {
            vocabulary.attributes[Int($0)].isDisjoint(with: TokenAttributes.hiddenUnlessSpecial)
        }

        var root = [Int32](repeating: -1, count: 256)
        var children: [Int: Int32] = [:]
        var terminal: [Int32] = [-1]  // node 0 is the root
        for (index, id) in special.enumerated() {
            var node: Int32 = 0
            for b in vocabulary.texts.bytes(id) {
                let existing = node == 0 ? root[Int(b)] : children[Int(node) << 8 | Int(b)] ?? -1
                if existing >= 0 {
                    node = existing
                    continue
                }
                let created = Int32(terminal.count)
                terminal.append(-1)
                if node == 0 { root[Int(b)] = created } else { children[Int(node) << 8 | Int(b)] = created }
                node = created
            }
            terminal[Int(node)] = Int32(index)
        }
        rootChildren = root
        self.children = children
        self.terminal = terminal
    }

    /// The input as text runs and special tokens, in order.
    func partition(_ bytes: [UInt8], parseSpecial: Bool) -> [InputFragment] {
        guard !bytes.isEmpty else { return [] }
        guard !tokens.isEmpty else { return [.text(0..<bytes.count)] }

        // Every occurrence as (claiming order, start, length).
        var occurrences: [(order: Int32, start: Int, length: Int)] = []
        for start in 0..<bytes.count {
            var node = rootChildren[Int(bytes[start])]
            var end = start + 1
            while node >= 0 {
                let index = terminal[Int(node)]
                if index >= 0 && (parseSpecial || matchedWithoutParsing[Int(index)]) {
                    occurrences.append((index, start, end - start))
                }
                guard end < bytes.count else { break }
                node = children[Int(node) << 8 | Int(bytes[end])] ?? -1
                end += 1
            }
        }
        guard !occurrences.isEmpty else { return [.text(0..<bytes.count)] }
        occurrences.sort { $0.order != $1.order ? $0.order < $1.order : $0.start < $1.start }

        var claimed = [Bool](repeating: false, count: bytes.count)
        var found: [(start: Int, length: Int, token: Int32)] = []
        for occurrence in occurrences {
            let range = occurrence.start..<occurrence.start + occurrence.length
            guard !range.contains(where: { claimed[$0] }) else { continue }
            for i in range { claimed[i] = true }
            found.append((occurrence.start, occurrence.length, tokens[Int(occurrence.order)]))
        }
        found.sort { $0.start < $1.start }

        var fragments: [InputFragment] = []
        var position = 0
        for match in found {
            if match.start > position { fragments.append(.text(position..<match.start)) }
            fragments.append(.token(match.token))
            position = match.start + match.length
        }
        if position < bytes.count { fragments.append(.text(position..<bytes.count)) }
        return fragments
    }
}
