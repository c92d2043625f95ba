/// Python's text forms of values, which templates' output depends on: `repr(float)`,
/// `repr(str)`, `str.strip()` and `json.dumps` (HF's `tojson` filter is `json.dumps` with
/// `ensure_ascii=False`).
enum PythonFormat {
    // MARK: Numbers

    /// `repr(float)`: shortest round-trip digits, fixed notation for exponents -4..<16,
    /// otherwise `1e+16` style.
    static func float(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let sign = value.sign == .minus ? "-" : ""
        // Swift's description already holds the shortest round-trip digits; only the layout differs.
        let swiftText = abs(value).description
        let parts = swiftText.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0]
        var exponent = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
        let pieces = mantissa.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerPart = String(pieces[0])
        let fractionPart = pieces.count > 1 ? String(pieces[1]) : ""
        var digits = Array(integerPart + fractionPart)
        exponent += integerPart.count - 1
        while let first = digits.first, first == "0", digits.count > 1 {
            digits.removeFirst()
            exponent -= 1
        }
        while digits.count > 1, digits.last == "0" { digits.removeLast() }
        if digits == ["0"] { return sign + "0.0" }
        if exponent >= -4 && exponent < 16 {
            if exponent < 0 {
                return sign + "0." + String(repeating: "0", count: -exponent - 1) + String(digits)
            }
            let padded = digits + Array(repeating: "0", count: max(0, exponent + 1 - digits.count))
            let whole = String(padded[...exponent])
            let fraction = String(padded[(exponent + 1)...])
            return sign + whole + "." + (fraction.isEmpty ? "0" : fraction)
        }
        let rest = digits.dropFirst()
        let exponentText = String(abs(exponent))
        return sign + String(digits[0]) + (rest.isEmpty ? "" : "." + String(rest)) + "e" + (exponent < 0 ? "-" : "+")
            + (exponentText.count < 2 ? "0" : "") + exponentText
    }

    // MARK: Strings

    /// `repr(str)`: single quotes unless the text has a single quote and no double quote.
    static func stringRepr(_ text: String) -> String {
        let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case quote: result += "\\" + String(quote)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + hex(scalar.value, width: 2)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        result.unicodeScalars.append(quote)
        return result
    }

    /// `str.strip(chars)`, `lstrip`, `rstrip`; `chars == nil` strips Python whitespace.
    static func strip(_ text: String, chars: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let removable: (Unicode.Scalar) -> Bool
        if let chars {
            let set = Set(chars.unicodeScalars)
            removable = { set.contains($0) }
        } else {
            removable = isJinjaSpace
        }
        var scalars = Substring(text).unicodeScalars[...]
        if leading { scalars = scalars.drop(while: removable) }
        if trailing {
            while let last = scalars.last, removable(last) { scalars = scalars.dropLast() }
        }
        return String(String.UnicodeScalarView(scalars))
    }

    static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    // MARK: JSON

    struct JSONStyle {
        var indent: String?
        var itemSeparator: String
        var keySeparator: String
        var sortKeys: Bool
        var ensureASCII: Bool

        /// `json.dumps` defaults as HF's `tojson` passes them.
        init(indent: String? = nil, separators: (String, String)? = nil, sortKeys: Bool = false, ensureASCII: Bool = false) {
            self.indent = indent
            // Python drops the space after ',' when indenting, unless separators are given.
            itemSeparator = separators?.0 ?? (indent == nil ? ", " : ",")
            keySeparator = separators?.1 ?? ": "
            self.sortKeys = sortKeys
            self.ensureASCII = ensureASCII
        }
    }

    /// `json.dumps(value, ...)`; nil names a value JSON cannot hold.
    static func json(_ value: JinjaValue, style: JSONStyle, depth: Int = 0) -> Result<String, JSONFailure> {
        switch value {
        case .none: return .success("null")
        case .bool(let flag): return .success(flag ? "true" : "false")
        case .int(let number): return .success(String(number))
        case .double(let number):
            if number.isNaN { return .success("NaN") }
            if number.isInfinite { return .success(number < 0 ? "-Infinity" : "Infinity") }
            return .success(float(number))
        case .string(let text): return .success(jsonString(text, ensureASCII: style.ensureASCII))
        case .array(let items):
            var parts: [String] = []
            for item in items {
                switch json(item, style: style, depth: depth + 1) {
                case .success(let text): parts.append(text)
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(container(parts, open: "[", close: "]", style: style, depth: depth))
        case .dict(let map):
            var parts: [String] = []
            let pairs = style.sortKeys ? map.pairs.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) } : map.pairs
            for pair in pairs {
                switch json(pair.value, style: style, depth: depth + 1) {
                case .success(let text): parts.append(jsonString(pair.key, ensureASCII: style.ensureASCII) + style.keySeparator + text)
                case .failure(let failure): return .failure(failure)
                }
            }
            return .success(container(parts, open: "{", close: "}", style: style, depth: depth))
        case .undefined, .namespace, .function:
            return .failure(JSONFailure(typeName: value.typeName))
        }
    }

    struct JSONFailure: Error { var typeName: String }

    private static func container(_ parts: [String], open: String, close: String, style: JSONStyle, depth: Int) -> String {
        guard !parts.isEmpty else { return open + close }
        guard let indent = style.indent else { return open + parts.joined(separator: style.itemSeparator) + close }
        let inner = "\n" + String(repeating: indent, count: depth + 1)
        let outer = "\n" + String(repeating: indent, count: depth)
        return open + inner + parts.joined(separator: style.itemSeparator + inner) + outer + close
    }

    static func jsonString(_ text: String, ensureASCII: Bool) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{08}": result += "\\b"
            case "\u{0C}": result += "\\f"
            default:
                if scalar.value < 0x20 {
                    result += "\\u" + hex(scalar.value, width: 4)
                } else if ensureASCII && scalar.value > 0x7F {
                    for unit in String(scalar).utf16 { result += "\\u" + hex(UInt32(unit), width: 4) }
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }
}
