/// Problems running a model on given input (as opposed to a bad model file, which is a `GGUFError`).
public enum InferenceError: Error, CustomStringConvertible, Equatable {
    case unsupportedArchitecture(String, file: String)
    case contextFull(needed: Int, capacity: Int)
    case invalidToken(Int32, position: Int, vocabularySize: Int)
    case emptyInput

    public var description: String {
        switch self {
        case .unsupportedArchitecture(let arch, let file):
            let known = ArchitectureTraits.registry.keys.sorted().joined(separator: ", ")
            return "\(file): architecture '\(arch)' is not supported (supported: \(known))"
        case .contextFull(let needed, let capacity):
            return "input needs \(needed) positions but the context holds \(capacity); shorten the prompt or raise --context"
        case .invalidToken(let id, let position, let size):
            return "token id \(id) at input position \(position) is outside the vocabulary (0..<\(size))"
        case .emptyInput:
            return "no tokens to evaluate"
        }
    }
}
