/// What stops a tumor-board run before or around the model call, naming the file or case.
public enum TumorBoardError: Error, Equatable, CustomStringConvertible {
    case knowledgeBase(path: String, reason: String)
    case resources(path: String, reason: String)
    case output(path: String, reason: String)
    case export(reason: String)
    case ensemble(reason: String)
    /// Every problem of the rating sheets, one per line, each naming its file and line.
    case ratings(String)

    public var description: String {
        switch self {
        case let .knowledgeBase(path, reason): return "\(path): knowledge base: \(reason)"
        case let .resources(path, reason): return "\(path): \(reason)"
        case let .output(path, reason): return "\(path): cannot write the report: \(reason)"
        case let .export(reason): return "blinded export: \(reason)"
        case let .ensemble(reason): return "ensemble: \(reason)"
        case let .ratings(problems): return problems
        }
    }
}
