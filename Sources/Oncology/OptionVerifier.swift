/// Checks a model's options against the knowledge-base rows retrieved for the case and a
/// reference library: which options a row backs, which citations exist where, and which rules are
/// broken (alteration not in the case, a drug for a VUS without evidence, an overclaimed tier,
/// resistance evidence, kb_rows ids that were never retrieved).
public struct OptionVerifier: Sendable {
    public let normalizer: DrugNormalizer

    public init(normalizer: DrugNormalizer) { self.normalizer = normalizer }

    public func verify(_ answer: TreatmentOptions, for patient: PatientCase, matches: [KBMatch],
                       references: ReferenceLibrary) -> VerifiedOptions {
        let alterationKeys = patient.alterations.map { AlterationKey.normalize($0.label) }
        let biomarkerLabels = Set(matches.filter { $0.alterationIndex == nil }.map { AlterationKey.normalize($0.alterationLabel) })
        let retrievedIDs = Set(matches.map(\.row.rowID))
        var verified: [VerifiedOption] = []
        for option in answer.options {
            let key = AlterationKey.normalize(option.alteration)
            let index = alterationKeys.firstIndex(of: key)
                ?? patient.alterations.firstIndex { $0.kind.description.lowercased() == key }
            var flags: [VerificationFlag] = []
            if index == nil, !biomarkerLabels.contains(key) { flags.append(.alterationNotInCase(option.alteration)) }
            let relevant = matches.filter { m in
                if let index { return m.alterationIndex == index }
                return m.alterationIndex == nil && AlterationKey.normalize(m.alterationLabel) == key
            }
            let backing = self.backing(option, among: relevant)
            let supported = backing.matches.filter { $0.row.direction != .resistant }.map(\.tier).min()
            if case .resistance(let rows) = backing { flags.append(.resistanceEvidence(rows: rows.map(\.row.rowID))) }
            if let supported {
                if option.tier < supported { flags.append(.tierOverclaimed(claimed: option.tier, supported: supported)) }
            } else {
                flags.append(.tierOverclaimed(claimed: option.tier, supported: nil))
            }
            if let index, [.unknownSignificance, .likelyBenign, .benign].contains(patient.alterations[index].significance),
               backing.matches.allSatisfy({ $0.level != .exact || $0.row.direction == .resistant }) {
                flags.append(.drugForVUSWithoutEvidence(option.alteration))
            }
            for id in option.kbRows where !retrievedIDs.contains(id) { flags.append(.unknownKBRow(id)) }
            let backingIDs: Set<String>
            switch backing {
            case .backed(let m), .partial(let m): backingIDs = Set(m.map(\.row.rowID))
            case .resistance, .none: backingIDs = []
            }
            let checks = option.citations.map { check($0, matches: matches, backingIDs: backingIDs, references: references) }
            flags += checks.filter { $0.status == .notCheckable }.map { .malformedCitation($0.text) }
            verified.append(VerifiedOption(option: option, alterationIndex: index, backing: backing, supportedTier: supported,
                                           citations: checks, flags: flags))
        }
        return VerifiedOptions(caseID: answer.caseID, options: verified, noActionableOption: answer.noActionableOption,
                               flags: verified.flatMap(\.flags))
    }

    private func backing(_ option: TreatmentOption, among matches: [KBMatch]) -> Backing {
        let drugs = Set(option.drugs.flatMap { normalizer.therapy($0) })
        var exact: [KBMatch] = []
        var partial: [KBMatch] = []
        var resistant: [KBMatch] = []
        for match in matches {
            let therapy = Set(match.row.therapy.flatMap { normalizer.therapy($0) })
            guard therapy == drugs || therapy.isSubset(of: drugs) || drugs.isSubset(of: therapy) else { continue }
            if match.row.direction == .resistant { resistant.append(match) }
            else if therapy == drugs { exact.append(match) }
            else { partial.append(match) }
        }
        if !exact.isEmpty { return .backed(exact) }
        if !partial.isEmpty { return .partial(partial) }
        if !resistant.isEmpty { return .resistance(resistant) }
        return .none
    }

    private func check(_ text: String, matches: [KBMatch], backingIDs: Set<String>, references: ReferenceLibrary) -> CitationCheck {
        let citation = Citation(parsing: text)
        guard citation.isCheckable else { return CitationCheck(text: text, citation: citation, status: .notCheckable, supportsThisOption: false) }
        var foundIn: [String] = []
        for match in matches where !foundIn.contains(match.row.rowID) {
            let rowCitations = (match.row.pmids + match.row.ncts).map(Citation.init(parsing:))
            if rowCitations.contains(citation) { foundIn.append(match.row.rowID) }
        }
        if let label = references.entries[citation] { foundIn.append("references: \(label)") }
        let status: CitationCheck.Status = foundIn.isEmpty ? .unverified : .verified(foundIn: foundIn)
        return CitationCheck(text: text, citation: citation, status: status, supportsThisOption: !backingIDs.isDisjoint(with: foundIn))
    }
}
