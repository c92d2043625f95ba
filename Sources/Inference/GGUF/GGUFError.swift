/// A GGUF file that cannot be used, with enough detail to say what is wrong and where.
public struct GGUFError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file the problem was found in.
    public var file: String
    /// Byte offset in the file where the offending field starts, when there is one.
    public var offset: Int?
    /// The field or object being read, e.g. "tensor info #41 (blk.3.ffn_up.weight): dimensions".
    public var field: String
    /// What was expected and what was found.
    public var reason: String

    public init(file: String, offset: Int?, field: String, reason: String) {
        self.file = file
        self.offset = offset
        self.field = field
        self.reason = reason
    }

    public var description: String {
        let at = offset.map { " at byte \($0)" } ?? ""
        return "\(file): \(field)\(at): \(reason)"
    }
}
