import Inference

/// Restricts which tokens a local model may choose at each step, so that only output valid for a
/// schema can be produced (a grammar over tokens). This is the seam for constrained JSON decoding:
/// the grammar itself is a separate piece of work, and Inference's `Generator` does not yet take a
/// logits hook, so `LocalProvider` rejects a configured constraint instead of silently ignoring it.
public protocol TokenConstraint {
    /// Before each sampling step: set the logits of tokens that may not come next to -infinity.
    mutating func mask(_ logits: inout [Float])
    /// After a token was chosen; throws when it breaks the constraint (a bug in `mask`).
    mutating func accept(_ token: Int32) throws
    /// True once the output is complete (generation may stop).
    var isComplete: Bool { get }
}

/// Builds a constraint for one request's schema and a model's vocabulary.
public protocol TokenConstraintFactory: Sendable {
    func constraint(for schema: ResponseSchema, tokenizer: Tokenizer) throws -> any TokenConstraint
}
