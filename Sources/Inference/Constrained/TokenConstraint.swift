/// Restricts which tokens a generator may produce next, for example to those that keep the output a valid
/// prefix of a JSON document for a schema. The generator's sampler only sees the tokens it allows.
public protocol TokenConstraint {
    /// Whether `token` may come next. End-of-generation ids are allowed exactly when `isComplete`.
    func allows(_ token: Int32) -> Bool
    /// The ids worth asking `allows` about, when far fewer than the vocabulary; nil when any id might be
    /// allowed. A hint for speed: an id not listed must not be allowed.
    var candidates: [Int32]? { get }
    /// Whether the output so far is a finished whole, so generation may end.
    var isComplete: Bool { get }
    /// Whether nothing but the end can follow: the generator then stops without sampling.
    var mustEnd: Bool { get }
    /// Records that `token` was generated.
    /// - Throws: `TokenConstraintError` when `allows(token)` is false; the constraint is then unchanged.
    mutating func accept(_ token: Int32) throws
    /// Called by the generator before the first token with how many it may generate, so a constraint can
    /// steer towards completing its output in time.
    mutating func begin(maxTokens: Int)
}

extension TokenConstraint {
    public mutating func begin(maxTokens: Int) {}
}

public enum TokenConstraintError: Error, Equatable, CustomStringConvertible {
    /// A token the constraint does not allow was offered, with its text and the output's length in bytes.
    case tokenNotAllowed(id: Int32, text: String, afterBytes: Int)
    /// Nothing can follow, yet the output is not complete (a constraint bug, or a vocabulary without a token
    /// for a byte the grammar needs).
    case deadEnd(afterBytes: Int)

    public var description: String {
        switch self {
        case .tokenNotAllowed(let id, let text, let offset):
            return "token \(id) \(text.debugDescription) is not allowed after byte \(offset) of the constrained output"
        case .deadEnd(let offset):
            return "no token can continue the constrained output after byte \(offset), and it is not complete"
        }
    }
}
