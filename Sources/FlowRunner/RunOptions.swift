import Provenance
import Workflow

/// How a run is made, apart from the flow, its inputs and the models.
public struct RunOptions: Sendable {
    /// Ask the model even when the store holds an answer with the same call identity.
    public var noCache: Bool
    /// Run-wide sampling settings; a step's own settings win. The seed defaults to 0 so that runs
    /// are reproducible unless asked otherwise; replicate r (from 0) of a step uses seed + r.
    public var sampling: SamplingOverrides
    /// Recorded with the run.
    public var consiliumVersion: String

    public init(noCache: Bool = false, sampling: SamplingOverrides = SamplingOverrides(seed: 0), consiliumVersion: String = "unknown") {
        self.noCache = noCache
        self.sampling = sampling
        self.consiliumVersion = consiliumVersion
    }
}
