// MARK: Literals: the texts sharing the bytes read so far

extension LiteralRule {
    @inline(__always)
    func step(_ f: inout RecognizerFrame, _ b: UInt8) -> StepResult {
        let position = Int(f.count)
        var low = -1, high = -1
        for i in Int(f.first)..<Int(f.end) {
            let text = texts[i]
            if text.count > position && text[position] == b {
                if low < 0 { low = i }
                high = i + 1
            }
        }
        guard low >= 0 else {
            // Sorted texts put the one that ends here first: a number such as 1 among 1 and 10.
            return texts[Int(f.first)].count == position ? .endedBefore : .rejected
        }
        f.first = Int32(low)
        f.end = Int32(high)
        f.count += 1
        return high - low == 1 && texts[low].count == position + 1 ? .finished : .consumed
    }
}
