/// One runnable command, declared the way swift-argument-parser commands are: a spec, a
/// throwing initializer that reads and validates the parsed arguments, and `run`, which makes
/// one call into a library and prints the result. Commands hold no logic of their own.
public protocol Command {
    /// The command's declaration; `CommandRouter` checks it matches the root spec's tree.
    static var spec: CommandSpec { get }

    /// Reads typed values from `args` and validates them together. Throw an `ArgumentError`
    /// (`args.invalid(...)` locates it at the option) for anything the user must fix.
    init(_ args: ParsedArguments) throws

    /// Does the work; returns the process exit status (0 for success).
    func run(context: CommandContext) async throws -> Int32
}
