/// A gene prioritization job that cannot start or finish, naming the input at fault.
public enum GeneJobError: Error, Equatable, CustomStringConvertible {
    /// A bad argument or input file: where (file, JSON path or option) and what is wrong.
    case input(source: String, reason: String)
    /// A flow answer that the analysis cannot use, by step and item.
    case answer(step: String, item: Int, reason: String)

    public var description: String {
        switch self {
        case let .input(source, reason): return "\(source): \(reason)"
        case let .answer(step, item, reason): return "step \(step), item \(item): \(reason)"
        }
    }
}
