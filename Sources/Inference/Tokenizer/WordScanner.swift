/// Splits one chunk `[start, end)` of a text by one `SplitRule`, appending word lengths (in scalars).
///
/// Positions outside the chunk read as "no character" (class empty, scalar `outside`), exactly as the
/// scanners in llama.cpp's unicode.cpp see the edges of a chunk: that is what makes `\s+(?!\S)` keep a
/// trailing run of spaces whole.
struct WordScanner {
    let scalars: [UInt32]
    let classes: [ScalarClass]
    let start: Int
    let end: Int

    private static let outside: UInt32 = 0xFFFF_FFFF
    private static let cr: UInt32 = 0x0D, lf: UInt32 = 0x0A, space: UInt32 = 0x20, apostrophe: UInt32 = 0x27

    func split(by rule: SplitRule, into words: inout [Int]) {
        switch rule {
        case .gpt2Words: gpt2Words(&words)
        case .llama3Words(let digits): llama3Words(digitsPerWord: digits, &words)
        case .isolateEachNumber: isolateNumbers(&words, maxRun: 1)
        case .isolateNumberRuns: isolateNumbers(&words, maxRun: Int.max)
        case .isolatePunctuationRuns: isolatePunctuationRuns(&words)
        case .isolateASCIIDigitTriples: isolateASCIIDigitTriples(&words)
        }
    }

    // MARK: Reading with chunk edges

    private func scalar(_ i: Int) -> UInt32 { i >= start && i < end ? scalars[i] : Self.outside }
    private func inside(_ i: Int) -> Bool { i >= start && i < end }
    private func cls(_ i: Int) -> ScalarClass { i >= start && i < end ? classes[i] : [] }
    private func isLetter(_ i: Int) -> Bool { cls(i).contains(.letter) }
    private func isNumber(_ i: Int) -> Bool { cls(i).contains(.number) }
    private func isWhitespace(_ i: Int) -> Bool { cls(i).contains(.whitespace) }
    /// `[^\s\p{L}\p{N}]` for a position inside the chunk.
    private func isOther(_ i: Int) -> Bool { inside(i) && cls(i).isDisjoint(with: [.whitespace, .letter, .number]) }
    private func isLineBreak(_ i: Int) -> Bool { let c = scalar(i); return c == Self.cr || c == Self.lf }

    /// Length of a contraction ('s 't 'm 'd 're 've 'll) at `pos`, or 0.
    private func contraction(at pos: Int, caseInsensitive: Bool) -> Int {
        guard scalar(pos) == Self.apostrophe, pos + 1 < end else { return 0 }
        // Only ASCII letters can match, and no other code point lower-cases to one of these.
        let fold = { (c: UInt32) -> UInt32 in caseInsensitive && c >= 0x41 && c <= 0x5A ? c + 0x20 : c }
        let next = fold(scalar(pos + 1))
        if next == 0x73 || next == 0x74 || next == 0x6D || next == 0x64 { return 2 }  // s t m d
        guard pos + 2 < end else { return 0 }
        let after = fold(scalar(pos + 2))
        if (next == 0x72 && after == 0x65) || (next == 0x76 && after == 0x65) || (next == 0x6C && after == 0x6C) {
            return 3  // re ve ll
        }
        return 0
    }

    private func whitespaceRun(from pos: Int) -> Int {
        var n = 0
        while isWhitespace(pos + n) { n += 1 }
        return n
    }

    // MARK: GPT-2

    private func gpt2Words(_ words: inout [Int]) {
        var pos = start
        var wordStart = start
        func emit(_ endPos: Int) {
            if endPos > wordStart { words.append(endPos - wordStart) }
            wordStart = endPos
            pos = endPos
        }
        while pos < end {
            let c = scalar(pos)
            let n = contraction(at: pos, caseInsensitive: false)
            if n > 0 { emit(pos + n); continue }

            // An optional leading space joins the word after it.
            let body = c == Self.space ? pos + 1 : pos
            if isLetter(body) {
                var p = body
                while isLetter(p) { p += 1 }
                emit(p); continue
            }
            if isNumber(body) {
                var p = body
                while isNumber(p) { p += 1 }
                emit(p); continue
            }
            if isOther(body) {
                var p = body
                while isOther(p) { p += 1 }
                emit(p); continue
            }
            let spaces = whitespaceRun(from: pos)
            if spaces > 1 && inside(pos + spaces) {
                emit(pos + spaces - 1)  // \s+(?!\S): leave the last space to lead the next word
            } else if spaces > 0 {
                emit(pos + spaces)
            } else {
                emit(pos + 1)
            }
        }
    }

    // MARK: Llama 3 / Qwen 2

    private func llama3Words(digitsPerWord: Int, _ words: inout [Int]) {
        var pos = start
        var wordStart = start
        func emit(_ endPos: Int) {
            if endPos > wordStart { words.append(endPos - wordStart) }
            wordStart = endPos
            pos = endPos
        }
        while pos < end {
            let c = scalar(pos)
            let n = contraction(at: pos, caseInsensitive: true)
            if n > 0 { emit(pos + n); continue }

            // [^\r\n\p{L}\p{N}]?\p{L}+
            if !(c == Self.cr || c == Self.lf || isNumber(pos)) && (isLetter(pos) || isLetter(pos + 1)) {
                var p = pos + 1
                while isLetter(p) { p += 1 }
                emit(p); continue
            }
            // \p{N}{1,digitsPerWord}
            if isNumber(pos) {
                var groupStart = pos
                var p = pos
                while isNumber(p) {
                    p += 1
                    if p - groupStart >= digitsPerWord {
                        emit(p)
                        groupStart = p
                    }
                }
                emit(p); continue
            }
            // ' ?[^\s\p{L}\p{N}]+[\r\n]*'; llama.cpp tests the class after the optional space but only
            // requires the character at `pos` to exist, so a lone trailing space also lands here.
            let body = c == Self.space ? pos + 1 : pos
            if cls(body).isDisjoint(with: [.whitespace, .letter, .number]) {
                var p = body
                while isOther(p) { p += 1 }
                while isLineBreak(p) { p += 1 }
                emit(p); continue
            }
            // \s*[\r\n]+ ends after the last line break in the run; else \s+(?!\S) and \s+ as in GPT-2.
            var spaces = 0
            var afterLastBreak = 0
            while isWhitespace(pos + spaces) {
                if isLineBreak(pos + spaces) { afterLastBreak = pos + spaces + 1 }
                spaces += 1
            }
            if afterLastBreak > 0 {
                emit(afterLastBreak)
            } else if spaces > 1 && inside(pos + spaces) {
                emit(pos + spaces - 1)
            } else if spaces > 0 {
                emit(pos + spaces)
            } else {
                emit(pos + 1)
            }
        }
    }

    // MARK: Isolating matches (llama.cpp's std::regex splits: matches and the gaps between are chunks)

    private func isolateNumbers(_ words: inout [Int], maxRun: Int) {
        var gapStart = start
        var pos = start
        while pos < end {
            guard classes[pos].contains(.number) else { pos += 1; continue }
            if pos > gapStart { words.append(pos - gapStart) }
            var p = pos
            while p < end && p - pos < maxRun && classes[p].contains(.number) { p += 1 }
            words.append(p - pos)
            pos = p
            gapStart = p
        }
        if end > gapStart { words.append(end - gapStart) }
    }

    private func isolatePunctuationRuns(_ words: inout [Int]) {
        var gapStart = start
        var pos = start
        func matches(_ i: Int) -> Bool {
            let c = scalars[i]
            // '$' '+' '<' '=' '>' '^' '|' '~' are symbols, listed beside \p{P} in the regex.
            if c == 0x24 || c == 0x2B || c == 0x3C || c == 0x3D || c == 0x3E || c == 0x5E || c == 0x7C || c == 0x7E {
                return true
            }
            return classes[i].contains(.punctuation) && !classes[i].contains(.whitespace)
        }
        while pos < end {
            guard matches(pos) else { pos += 1; continue }
            if pos > gapStart { words.append(pos - gapStart) }
            var p = pos
            while p < end && matches(p) { p += 1 }
            words.append(p - pos)
            pos = p
            gapStart = p
        }
        if end > gapStart { words.append(end - gapStart) }
    }

    private func isolateASCIIDigitTriples(_ words: inout [Int]) {
        func isDigit(_ i: Int) -> Bool { i < end && scalars[i] >= 0x30 && scalars[i] <= 0x39 }
        var gapStart = start
        var pos = start
        while pos + 3 <= end {
            guard isDigit(pos) && isDigit(pos + 1) && isDigit(pos + 2) else { pos += 1; continue }
            if pos > gapStart { words.append(pos - gapStart) }
            words.append(3)
            pos += 3
            gapStart = pos
        }
        if end > gapStart { words.append(end - gapStart) }
    }
}
