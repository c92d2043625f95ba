import Foundation
import Support

/// A run's inputs from the command line: a JSON object file, then `NAME=VALUE` assignments on
/// top. A value is read as JSON when it parses as JSON (`3`, `["A","B"]`, `"x"`), and as a plain
/// string otherwise (`case=Boy with seizures`).
public enum RunInputs {
    public struct InputError: Error, Equatable, CustomStringConvertible {
        public let source: String
        public let reason: String
        public var description: String { "\(source): \(reason)" }
    }

    public static func parse(assignments: [String], file: String?) throws -> [String: JSONValue] {
        var inputs: [String: JSONValue] = [:]
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else {
                throw InputError(source: file, reason: "cannot read the inputs file")
            }
            let value: JSONValue
            do {
                value = try JSONValue(parsing: data)
            } catch let error as JSONParseError {
                let location = TextLocation(offset: error.offset, in: [UInt8](data))
                throw InputError(source: "\(file):\(location.line):\(location.column)", reason: "invalid JSON: \(error.reason)")
            }
            guard case .object(let members) = value else {
                throw InputError(source: file, reason: "expected a JSON object of input name to value, found \(value.typeName)")
            }
            inputs = members
        }
        for assignment in assignments {
            guard let equals = assignment.firstIndex(of: "="), equals != assignment.startIndex else {
                throw InputError(source: "--input \(assignment)", reason: "expected NAME=VALUE")
            }
            let name = String(assignment[..<equals])
            let text = String(assignment[assignment.index(after: equals)...])
            inputs[name] = (try? JSONValue(parsing: text)) ?? .string(text)
        }
        return inputs
    }
}
