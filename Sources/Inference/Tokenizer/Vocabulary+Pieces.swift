extension Vocabulary {
    /// The bytes of token `id`, as llama.cpp's `token_to_piece`: control and unknown tokens render as their text
    /// only with `includeSpecial`; user-defined tokens always as their text; normal tokens decoded per kind;
    /// byte tokens as their byte; unused and undefined tokens as nothing.
    func piece(_ id: Int32, includeSpecial: Bool) -> [UInt8] {
        guard contains(id) else { return [] }
        let attributes = self.attributes[Int(id)]
        let text = self.text(id)
        if !attributes.isDisjoint(with: TokenAttributes.hiddenUnlessSpecial) {
            return includeSpecial ? Array(text) : []
        }
        if attributes.contains(.userDefined) { return Array(text) }
        if attributes.contains(.normal) {
            switch kind {
            case .bytePairs: return Self.unmapByteLevel(text)
            case .sentencePiece: return Self.unescapeSpaces(text)
            }
        }
        if attributes.contains(.byte) { return Self.byteTokenValue(text).map { [$0] } ?? [] }
        return []
    }

    /// Undoes the GPT-2 byte mapping. A character outside the mapping (none in a well-formed vocabulary)
    /// is kept as its UTF-8 bytes.
    static func unmapByteLevel(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
            if let b = ByteLevelMapping.byte(for: scalar) { out.append(b) } else { out += Array(String(scalar).utf8) }
        }
        return out
    }

    /// '▁' (E2 96 81) back to a space.
    static func unescapeSpaces(_ text: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == 0xE2, i + 2 < text.endIndex, text[i + 1] == 0x96, text[i + 2] == 0x81 {
                out.append(UInt8(ascii: " "))
                i += 3
            } else {
                out.append(text[i])
                i += 1
            }
        }
        return out
    }

    /// The byte of a `<0xNN>` token (llama.cpp reads the two characters after "<0x").
    static func byteTokenValue(_ text: ArraySlice<UInt8>) -> UInt8? {
        let chars = Array(text)
        guard chars.count >= 5 else { return nil }
        return UInt8(String(decoding: chars[3..<5], as: UTF8.self), radix: 16)
    }
}
