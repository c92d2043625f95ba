import Provenance
import Providers

/// How one question ended. Every case was recorded in the store before it is returned.
enum ReplTurn {
    /// The model answered; `outcome` says whether a structured answer met the schema.
    case answered(ChatResponse, outcome: CallOutcome, call: Int)
    /// Stopped by the user (Ctrl-C); `partial` is the text streamed until then.
    case cancelled(partial: String, call: Int)
    /// The provider failed; `reason` names it and the attempts made.
    case failed(reason: String, call: Int)
}
