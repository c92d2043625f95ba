import Scoring

/// How far several runs or models agree on a set of cases, each member's options per case taken
/// as a set of keys (`OptionScorer.key`):
/// - Jaccard |A ∩ B| / |A ∪ B| of every pair of members per case, averaged over pairs and cases
///   (two members that both propose nothing for a case agree fully: 1);
/// - Fleiss' kappa with the members as raters and every option any member proposed for a case as an
///   item rated "proposed" or "not", and Cohen's kappa on the same items when there are two members.
///   Options no member proposed are not items, so these kappas measure agreement on what was
///   proposed, not on the whole space of drugs.
public struct EnsembleAgreement: Sendable {
    public let members: Int
    public let cases: Int
    /// Mean over cases of the mean pairwise Jaccard; nil with fewer than 2 members or no case.
    public let meanJaccard: Double?
    /// Per case id, the mean pairwise Jaccard.
    public let jaccardByCase: [String: Double]
    /// Options proposed by at least one member (the kappas' items).
    public let items: Int
    public let fleissKappa: Double?
    public let cohenKappa: Double?

    /// `sets[m][case]`: member m's option keys for the case; a case missing from a member counts
    /// as an empty set. `caseIDs`: the cases to compare.
    public init(sets: [[String: Set<OptionKey>]], caseIDs: [String]) throws {
        members = sets.count
        cases = caseIDs.count
        var byCase: [String: Double] = [:]
        var items: [[Bool]] = []
        for caseID in caseIDs {
            let perMember = sets.map { $0[caseID] ?? [] }
            if perMember.count >= 2 {
                var sum = 0.0, pairs = 0
                for i in 0..<perMember.count {
                    for j in (i + 1)..<perMember.count {
                        let union = perMember[i].union(perMember[j])
                        sum += union.isEmpty ? 1 : Double(perMember[i].intersection(perMember[j]).count) / Double(union.count)
                        pairs += 1
                    }
                }
                byCase[caseID] = sum / Double(pairs)
            }
            for key in perMember.reduce(Set<OptionKey>(), { $0.union($1) }) {
                items.append(perMember.map { $0.contains(key) })
            }
        }
        jaccardByCase = byCase
        meanJaccard = byCase.isEmpty ? nil : byCase.values.reduce(0, +) / Double(byCase.count)
        self.items = items.count
        fleissKappa = members >= 2 && !items.isEmpty ? try FleissKappa(ratings: items).kappa : nil
        cohenKappa = members == 2 && !items.isEmpty
            ? try CohenKappa(first: items.map { $0[0] }, second: items.map { $0[1] }, categories: [false, true]).kappa : nil
    }
}
