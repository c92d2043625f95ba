/// What stops a tumor-board run before or around the model call, naming the file or case.
public enum TumorBoardError: Error, Equatable, CustomStringConvertible {
    case knowledgeBase(path: String, reason: String)
    case resources(path: String, reason: String)
    case output(path: String, reason: String)
    case ensemble(reason: String)

    public var description: String {
        switch self {
        case let .knowledgeBase(path, reason): return "\(path): knowledge base: \(reason)"
        case let .resources(path, reason): return "\(path): \(reason)"
        case let .output(path, reason): return "\(path): cannot write the report: \(reason)"
        case let .ensemble(reason): return "ensemble: \(reason)"
        }
    }
}
