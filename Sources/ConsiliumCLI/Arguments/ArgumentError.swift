/// Where in the command line a problem was found.
public enum ArgumentLocation: Equatable, Sendable {
    /// The word at `index`, counted from 1 after the program name (`consilium generate --json`:
    /// "generate" is argument 1), with the text the user typed.
    case argument(index: Int, text: String)
    /// After the last word: something more was needed.
    case endOfLine
}

/// A command line that cannot be accepted: what was wrong, where, and what was expected.
///
/// `description` is one line meant for the user, e.g.
/// `unknown option '--temprature'; did you mean '--temperature'? (argument 3: '--temprature')`.
public struct ArgumentError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable {
        /// `text` as typed; `suggestion` is a declared spelling within edit distance 2.
        case unknownOption(String, suggestion: String?)
        /// The option's value is absent; `found` is the option-like word that followed, if any.
        case missingValue(option: String, valueName: String, found: String?)
        case flagGivenValue(flag: String, value: String)
        /// A single-value option given again; `firstIndex` is where it was first given.
        case repeatedOption(option: String, firstIndex: Int)
        case missingOption(option: String, valueName: String)
        case missingPositional(name: String)
        /// A word left over after every positional was filled; `accepted` are their usage texts.
        case unexpectedPositional(String, command: String, accepted: [String])
        /// `expected` is a phrase such as "an integer between 1 and 32768".
        case invalidValue(option: String, expected: String, found: String)
        case unknownSubcommand(String, command: String, suggestion: String?)
        case missingSubcommand(command: String, available: [String])
        /// A command asked for a name its spec does not declare: a mistake in the command's code.
        case undeclared(name: String, command: String)
        /// A command's own validation refused the arguments.
        case invalid(option: String?, reason: String)
    }

    public var problem: Problem
    public var location: ArgumentLocation?

    public init(_ problem: Problem, at location: ArgumentLocation? = nil) {
        self.problem = problem
        self.location = location
    }

    /// What is wrong, without the location.
    public var message: String {
        switch problem {
        case .unknownOption(let text, let suggestion):
            return "unknown option '\(text)'" + Self.didYouMean(suggestion)
        case .missingValue(let option, let valueName, nil):
            return "missing value for '\(option) <\(valueName)>'"
        case .missingValue(let option, let valueName, let found?):
            return "missing value for '\(option) <\(valueName)>', found '\(found)'; "
                + "write '\(option)=\(found)' if that is the value"
        case .flagGivenValue(let flag, let value):
            return "'\(flag)' is a flag and takes no value, found '\(value)'"
        case .repeatedOption(let option, let firstIndex):
            return "'\(option)' takes one value and was already given at argument \(firstIndex)"
        case .missingOption(let option, let valueName):
            return "missing required option '\(option) <\(valueName)>'"
        case .missingPositional(let name):
            return "missing required argument <\(name)>"
        case .unexpectedPositional(let text, let command, let accepted):
            let takes = accepted.isEmpty
                ? "takes no positional arguments" : "takes only \(accepted.joined(separator: " "))"
            return "unexpected argument '\(text)'; '\(command)' \(takes)"
        case .invalidValue(let option, let expected, let found):
            return "\(option): expected \(expected), found '\(found)'"
        case .unknownSubcommand(let text, let command, let suggestion):
            return "unknown subcommand '\(text)' for '\(command)'" + Self.didYouMean(suggestion)
        case .missingSubcommand(let command, let available):
            return "'\(command)' needs a subcommand: \(available.joined(separator: ", "))"
        case .undeclared(let name, let command):
            return "'\(command)' declares no option, flag or positional named '\(name)'"
        case .invalid(let option?, let reason):
            return "\(option): \(reason)"
        case .invalid(nil, let reason):
            return reason
        }
    }

    public var description: String {
        switch location {
        case .argument(let index, let text)?: return "\(message) (argument \(index): '\(text)')"
        case .endOfLine?: return "\(message) (at the end of the command line)"
        case nil: return message
        }
    }

    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
}
