/// Reads gene symbols back from the dates Excel turned them into ("MARCH8" shown as `8-Mar`,
/// "SEPT1" as `1-Sep`, `Sep-01`, `01-Sep-2004`, `2004-09-01` or `9/1/2004` after re-export).
///
/// A date gives a month and a day; the symbol was the month in a spelling Excel accepts
/// (three-letter abbreviation, full name, or "Sept") followed by the day without leading zeros.
/// Every such spelling is returned; the normalizer keeps those HGNC knows and flags the input as
/// ambiguous if they name different genes. Serial numbers (`37316`) cannot be read back: the
/// year Excel added is unknown, and so is the symbol.
enum ExcelDateSymbol {
    /// Month spellings Excel parses, upper case, by month number 1...12.
    static let spellings: [[String]] = [
        ["JAN", "JANUARY"], ["FEB", "FEBRUARY"], ["MAR", "MARCH"], ["APR", "APRIL"], ["MAY"],
        ["JUN", "JUNE"], ["JUL", "JULY"], ["AUG", "AUGUST"], ["SEP", "SEPT", "SEPTEMBER"],
        ["OCT", "OCTOBER"], ["NOV", "NOVEMBER"], ["DEC", "DECEMBER"],
    ]

    /// The symbols `text` may have been before Excel read it as a date; empty if it is no date.
    static func candidates(_ text: String) -> [String] {
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" || $0 == " " }).map(String.init)
        var readings: [(month: Int, day: Int)] = []
        switch parts.count {
        case 2:
            // 8-Mar, 08-Mar, Mar-8, Mar-08 (also with full month names).
            if let day = day(parts[0]), let month = month(parts[1]) { readings.append((month, day)) }
            if let month = month(parts[0]), let day = day(parts[1]) { readings.append((month, day)) }
        case 3:
            if let day = day(parts[0]), let month = month(parts[1]), isYear(parts[2]) {
                readings.append((month, day))                               // 8-Mar-2004, 8-Mar-04
            } else if parts[0].count == 4, isYear(parts[0]), let month = number(parts[1], in: 1...12),
                      let day = day(parts[2]) {
                readings.append((month, day))                               // 2004-03-08
            } else if text.contains("/"), isYear(parts[2]) {
                // 3/8/2004 is 8 March in US settings and 3 August elsewhere: both are possible.
                if let month = number(parts[0], in: 1...12), let day = day(parts[1]) { readings.append((month, day)) }
                if let day = day(parts[0]), let month = number(parts[1], in: 1...12) { readings.append((month, day)) }
            }
        default:
            break
        }
        var symbols: [String] = []
        for reading in readings {
            for spelling in spellings[reading.month - 1] {
                let symbol = spelling + String(reading.day)
                if !symbols.contains(symbol) { symbols.append(symbol) }
            }
        }
        return symbols
    }

    private static func month(_ text: String) -> Int? {
        let upper = text.uppercased()
        return spellings.firstIndex { $0.contains(upper) }.map { $0 + 1 }
    }

    private static func day(_ text: String) -> Int? { number(text, in: 1...31, maxDigits: 2) }

    private static func isYear(_ text: String) -> Bool {
        (text.count == 2 || text.count == 4) && text.allSatisfy(\.isASCIIDigit)
    }

    private static func number(_ text: String, in range: ClosedRange<Int>, maxDigits: Int = 2) -> Int? {
        guard !text.isEmpty, text.count <= maxDigits, text.allSatisfy(\.isASCIIDigit), let value = Int(text),
              range.contains(value) else { return nil }
        return value
    }
}
