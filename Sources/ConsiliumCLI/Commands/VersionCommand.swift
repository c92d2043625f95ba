/// `consilium version`: the program's version.
struct VersionCommand: Command {
    static let spec = CommandSpec(name: "version", abstract: "Print Consilium's version.")

    init(_ args: ParsedArguments) throws {}

    func run(context: CommandContext) async throws -> Int32 {
        context.stdout.writeLine("consilium \(Consilium.version)")
        return 0
    }
}
