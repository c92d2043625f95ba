import Support

/// The checked claims of one score's justification, and whether the score rests on unsupported
/// claims (step 5 of the flow).
///
/// Flag rule: a score is flagged when any of its claims is contradicted, or when it has claims
/// and none of them is supported. A justification with no checkable claims is flagged too, as
/// `noClaims`: nothing backs the score.
public struct JustificationCheck: Equatable, Sendable {
    public let claims: [AtomicClaim]
    public let verdicts: [ClaimVerdict]

    public enum Flag: String, Equatable, Sendable {
        case contradicted = "contradicted_claim"
        case nothingSupported = "no_supported_claim"
        case noClaims = "no_claims"
    }

    public init(claims: [AtomicClaim], checker: ClaimChecker) {
        self.claims = claims
        verdicts = claims.map(checker.check)
    }

    public func count(_ verdict: String) -> Int { verdicts.filter { $0.name == verdict }.count }

    /// Nil when the score is backed by at least one supported claim and nothing is contradicted.
    public var flag: Flag? {
        if claims.isEmpty { return .noClaims }
        if count("contradicted") > 0 { return .contradicted }
        if count("supported") == 0 { return .nothingSupported }
        return nil
    }

    public var jsonValue: JSONValue {
        .object([
            "claims": .array(zip(claims, verdicts).map { claim, verdict in
                guard case .object(var members) = claim.jsonValue, case .object(let check) = verdict.jsonValue else {
                    return claim.jsonValue
                }
                members.merge(check) { first, _ in first }
                return .object(members)
            }),
            "supported": .number(Double(count("supported"))),
            "contradicted": .number(Double(count("contradicted"))),
            "unverifiable": .number(Double(count("unverifiable"))),
            "flag": flag.map { .string($0.rawValue) } ?? .null,
        ])
    }
}
