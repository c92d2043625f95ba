// MARK: Numbers: digits read one at a time, bounds kept reachable

extension NumberRule {
    /// Powers of ten up to the digit limit, exact in a Double.
    static let powersOfTen: [Double] = (0...maximumDigits).map { n in (0..<n).reduce(1.0) { acc, _ in acc * 10 } }

    func canStart(with b: UInt8) -> Bool {
        var frame = RecognizerFrame(node: 0, phase: .numberStart)
        return step(&frame, b) == .consumed
    }

    @inline(__always)
    func step(_ f: inout RecognizerFrame, _ b: UInt8) -> StepResult {
        let isDigit = b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
        let digit = Int64(b) - Int64(UInt8(ascii: "0"))
        let room = f.count < Int32(Self.maximumDigits)
        var next = f
        switch f.phase {
        case .numberStart, .numberMinus:
            if b == UInt8(ascii: "-") && f.phase == .numberStart {
                next.negative = true
                next.phase = .numberMinus
            } else if isDigit {
                next.phase = digit == 0 ? .numberZero : .numberInteger
                next.mantissa = digit
                next.count = 1
            } else {
                return .rejected
            }
        case .numberZero, .numberInteger:
            if isDigit && f.phase == .numberInteger && room {
                next.mantissa = f.mantissa * 10 + digit
                next.count += 1
            } else if b == UInt8(ascii: ".") && !integer && room {
                next.phase = .numberDot
            } else {
                return canEnd(f) ? .endedBefore : .rejected
            }
        case .numberDot, .numberFraction:
            if isDigit && room {
                next.mantissa = f.mantissa * 10 + digit
                next.count += 1
                next.fractionDigits += 1
                next.phase = .numberFraction
            } else if f.phase == .numberFraction {
                return canEnd(f) ? .endedBefore : .rejected
            } else {
                return .rejected
            }
        default:
            return .rejected
        }
        guard canReachBounds(next) else { return .rejected }
        f = next
        return .consumed
    }

    /// The value written so far. Digits and the point's place are exact integers, so the one division
    /// rounds as a JSON parser reading the same text does.
    func value(_ f: RecognizerFrame) -> Double {
        let magnitude = Double(f.mantissa) / Self.powersOfTen[Int(f.fractionDigits)]
        return f.negative ? -magnitude : magnitude
    }

    func canEnd(_ f: RecognizerFrame) -> Bool {
        guard f.phase == .numberZero || f.phase == .numberInteger || f.phase == .numberFraction else { return false }
        let v = value(f)
        if let minimum, v < minimum { return false }
        if let maximum, v > maximum { return false }
        return true
    }

    /// Whether some number beginning with what `f` holds lies within the bounds: a state that cannot reach
    /// them is rejected at once, so generation never paints itself into a corner.
    func canReachBounds(_ f: RecognizerFrame) -> Bool {
        if minimum == nil && maximum == nil { return true }
        let remaining = Self.maximumDigits - Int(f.count)
        let p = Self.powersOfTen
        let x = Double(f.mantissa) / p[Int(f.fractionDigits)]
        switch f.phase {
        case .numberMinus:
            return overlaps(0, p[Self.maximumDigits] - 1, negative: true)
        case .numberZero:
            return overlaps(0, integer ? 0 : 1 - 1 / p[remaining], negative: f.negative)
        case .numberInteger:
            // k more integer digits, then the rest of the budget as fraction digits.
            for k in 0...remaining {
                let low = x * p[k]
                let step = integer || k == remaining ? 1 : 1 / p[remaining - k]
                if overlaps(low, (x + 1) * p[k] - step, negative: f.negative) { return true }
            }
            return false
        case .numberDot:
            return overlaps(x, x + 1 - 1 / p[remaining], negative: f.negative)
        case .numberFraction:
            let scale = 1 / p[Int(f.fractionDigits)]
            let last = remaining == 0 ? scale : scale / p[remaining]
            return overlaps(x, x + scale - last, negative: f.negative)
        default:
            return true
        }
    }

    /// Whether magnitudes in `low...high`, with the sign, meet the bounds (for integers: at a whole number).
    private func overlaps(_ low: Double, _ high: Double, negative: Bool) -> Bool {
        var a = negative ? -high : low
        var b = negative ? -low : high
        if let minimum { a = Swift.max(a, minimum) }
        if let maximum { b = Swift.min(b, maximum) }
        return integer ? a.rounded(.up) <= b.rounded(.down) : a <= b
    }
}

// MARK: Shortest completion

extension NumberRule {
    /// The fewest bytes that complete the number in `f` to one within the bounds (0 when it can end now).
    func shortestCompletion(_ f: RecognizerFrame) -> Int {
        if canEnd(f) { return 0 }
        let remaining = Self.maximumDigits - Int(f.count)
        let p = Self.powersOfTen
        let x = Double(f.mantissa) / p[Int(f.fractionDigits)]
        switch f.phase {
        case .numberStart, .numberMinus:
            var best = Self.maximumDigits + 3
            for b in Array("-0123456789".utf8) {
                var next = f
                if step(&next, b) == .consumed { best = Swift.min(best, 1 + shortestCompletion(next)) }
            }
            return best
        case .numberZero, .numberInteger:
            // `total` more bytes: k integer digits, then optionally a point and total - k - 1 fraction digits.
            for total in 1...(remaining + 1) {
                for k in 0...Swift.min(total, remaining) where k == 0 || f.phase == .numberInteger {
                    let fraction = total - k - 1
                    if fraction < 0 {
                        if hits(x * p[k], (x + 1) * p[k], scale: 0, negative: f.negative) { return total }
                    } else if fraction >= 1 && !integer && k + fraction <= remaining {
                        if hits(x * p[k], (x + 1) * p[k], scale: fraction, negative: f.negative) { return total }
                    }
                }
            }
        case .numberDot, .numberFraction:
            let digits = Int(f.fractionDigits)
            for more in 1...Swift.max(1, remaining) where more <= remaining {
                if hits(x, x + 1 / p[digits], scale: digits + more, negative: f.negative) { return more }
            }
        default:
            break
        }
        return Self.maximumDigits + 2  // not reached for states the recognizer accepts; an upper bound
    }

    /// Whether a multiple of 10^-scale in the magnitudes `low..<high`, with the sign, lies within the bounds.
    private func hits(_ low: Double, _ high: Double, scale: Int, negative: Bool) -> Bool {
        let unit = Self.powersOfTen[scale]
        // Magnitudes as counts of the grid step; low and high are whole multiples of it.
        var first = (low * unit).rounded(), last = (high * unit).rounded() - 1
        if negative {
            if let minimum { last = Swift.min(last, (-minimum * unit).rounded(.down)) }
            if let maximum { first = Swift.max(first, (-maximum * unit).rounded(.up)) }
        } else {
            if let minimum { first = Swift.max(first, (minimum * unit).rounded(.up)) }
            if let maximum { last = Swift.min(last, (maximum * unit).rounded(.down)) }
        }
        if integer && scale > 0 { return false }
        return first <= last
    }
}
