import Foundation

/// A credential that never prints: `description`, `debugDescription`, string interpolation and
/// `dump` all show "[redacted]". The value is read only where it goes on the wire (`revealed`).
/// Not `Codable`, so a secret cannot be written into a store or report by accident.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    private let value: String

    public init(_ value: String) { self.value = value }

    /// Reads a secret from the environment; nil when the variable is unset or empty.
    public static func fromEnvironment(_ variable: String, environment: [String: String]) -> Secret? {
        guard let value = environment[variable], !value.isEmpty else { return nil }
        return Secret(value)
    }

    /// The raw value, for an HTTP header only.
    public var revealed: String { value }

    public var description: String { "[redacted]" }
    public var debugDescription: String { "Secret([redacted])" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }

    /// Replaces every occurrence of the secret in `text` (servers sometimes echo the key they rejected).
    public func scrub(_ text: String) -> String {
        guard !value.isEmpty else { return text }
        return text.replacingOccurrences(of: value, with: "[redacted]")
    }
}
