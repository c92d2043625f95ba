import Foundation
import Support

/// `/score FILE`: a JSON file holding the fields of `consilium json`'s score request, scored by the
/// same code (JsonScoring: set precision/recall/F1, or accuracy with a Wilson interval).
enum ReplScore {
    static func score(file: String) throws -> JSONValue {
        func fail(_ reason: String) -> SlashCommandError { SlashCommandError(command: "score", "\(file): \(reason)") }
        guard let data = FileManager.default.contents(atPath: file) else { throw fail("cannot read the file") }
        var value: JSONValue
        do { value = try JSONValue(parsing: data) } catch let error as JSONParseError {
            let location = TextLocation(offset: error.offset, in: [UInt8](data))
            throw SlashCommandError(command: "score", "\(file):\(location.line):\(location.column): invalid JSON: \(error.reason)")
        }
        // A request copied from a `consilium json` script may keep its envelope.
        if case .object(var members) = value {
            members["op"] = nil
            members["id"] = nil
            value = .object(members)
        }
        do {
            return try JsonScoring.score(try JsonFields(value, path: "$"))
        } catch let failure as JsonFailure {
            throw fail(failure.message + (failure.path.map { " at \($0)" } ?? ""))
        }
    }
}
