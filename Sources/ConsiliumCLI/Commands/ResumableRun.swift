/// The argument rules every command that can finish a stopped run (`--resume RUN`) shares: a
/// resumed run asks exactly what it asked before, so nothing that changes its calls may be given;
/// a new run needs its set, and `--retry-errors` only continues a run.
enum ResumableRun {
    /// - Parameters:
    ///   - kind: how messages name the run ("run", "judge run", "answer run").
    ///   - settings: the options a resumed run takes from its own record.
    ///   - missingDataset: what to say when a new run lacks DATASET.
    static func check(_ args: ParsedArguments, resuming: Bool, kind: String, settings: [String], dataset: String?,
                      missingDataset: String, retryErrors: Bool) throws {
        if resuming {
            for name in settings where try args.isGiven(name) {
                throw args.invalid(name, "a resumed \(kind) keeps its own settings; leave out --\(name)")
            }
            if dataset != nil { throw args.invalid("dataset", "a resumed \(kind) keeps its own set; leave out DATASET") }
        } else {
            if dataset == nil { throw args.invalid("dataset", missingDataset) }
            if retryErrors { throw args.invalid("retry-errors", "--retry-errors continues a run: give --resume RUN") }
        }
    }
}
