/// One proposed treatment option as scoring sees it: for a case and an alteration (both as
/// written), a therapy text from one source (the expert, a model run, a knowledge-base look-up),
/// with the citations given for it.
public struct TherapyOptionRow: Hashable, Sendable {
    public let caseID: String
    public let alteration: String
    /// "human" for the expert reference in Benary et al.; a model or run name otherwise.
    public let source: String
    /// The therapy text, e.g. "osimertinib and savoltinib".
    public let option: String
    /// PMIDs, NCT ids, DOIs or URLs as given.
    public let citations: [String]
    /// The source's note on trial phase or approval ("FDA", "combination"), when given.
    public let clinicalStudy: String?

    public init(caseID: String, alteration: String, source: String, option: String, citations: [String] = [],
                clinicalStudy: String? = nil) {
        self.caseID = caseID
        self.alteration = alteration
        self.source = source
        self.option = option
        self.citations = citations
        self.clinicalStudy = clinicalStudy
    }
}
