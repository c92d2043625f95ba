import Oncology
import Support

/// The board's report for one case, as Markdown for people and JSON for programs: per alteration
/// the proposed options with their claimed and supported evidence tier, the knowledge-base rows
/// backing them, each citation's status, the rule flags, and the retrieved rows no option used.
/// Nothing unverified is shown as verified: every option and citation carries its mark.
public struct TumorBoardReport: Sendable {
    public static let notice = "Decision support, not a decision: options come from a language model, checked against the knowledge base named here; the treating physicians and the tumor board decide."
    public static let format = "consilium.tumorboard.report"

    public let markdown: String
    public let json: JSONValue

    public init(_ r: CaseRecommendation, knowledgeBase: [KnowledgeBaseFiles.Loaded]) {
        markdown = Self.markdown(r, knowledgeBase)
        json = Self.json(r, knowledgeBase)
    }

    // MARK: Marks

    static func backingMark(_ backing: Backing) -> String {
        switch backing {
        case .backed: return "BACKED by the knowledge base"
        case .partial: return "PARTLY backed (the knowledge base has a related combination)"
        case .resistance: return "NOT backed: the knowledge base reports RESISTANCE"
        case .none: return "NOT backed by the knowledge base"
        }
    }

    static func backingName(_ backing: Backing) -> String {
        switch backing {
        case .backed: return "backed"
        case .partial: return "partial"
        case .resistance: return "resistance"
        case .none: return "not_backed"
        }
    }

    static func citationMark(_ c: CitationCheck) -> String {
        switch c.status {
        case .verified(let foundIn) where c.supportsThisOption: return "\(c.citation) [verified: \(foundIn.joined(separator: ", "))]"
        // The id exists, but only in rows that do not back this option: it does not support it.
        case .verified(let foundIn): return "\(c.citation) [exists in \(foundIn.joined(separator: ", ")), which does NOT back this option]"
        case .unverified: return "\(c.text) [UNVERIFIED: in no retrieved row or reference]"
        case .notCheckable: return "\(c.text) [UNVERIFIED: not a PMID or NCT id]"
        }
    }

    static func citationStatus(_ c: CitationCheck) -> String {
        switch c.status {
        case .verified: return "verified"
        case .unverified: return "unverified"
        case .notCheckable: return "not_checkable"
        }
    }

    // MARK: Markdown

    static func markdown(_ r: CaseRecommendation, _ kb: [KnowledgeBaseFiles.Loaded]) -> String {
        let p = r.patient
        var out = ["# Tumor board: case \(p.id)", ""]
        out.append("> **\(notice)**")
        out.append("")
        out.append("- Tumor: \(p.tumor.text)\(p.tumor.oncoTreeCode.map { " (OncoTree \($0))" } ?? "")\(p.stage.map { ", stage \($0)" } ?? "")")
        out.append("- Model: \(r.model); run \(r.runID)")
        out.append("- Knowledge base: " + (kb.isEmpty ? "none" : kb.map { "\($0.source.rawValue) \($0.path) (\($0.rowCount) rows)" }.joined(separator: "; ")))
        out.append("- Retrieved rows: \(r.matches.count), shown to the model: \(r.shown.count)")
        guard let v = r.answer.verified else {
            if case .unusable(let reason) = r.answer {
                out += ["", "**The model's answer could not be used** (the raw reply is in the run's record): \(reason)"]
            }
            out += ["", "## Retrieved knowledge-base rows (no model option)", ""]
            out += r.matches.map { "- " + CasePrompt.line($0) }
            return out.joined(separator: "\n") + "\n"
        }
        let labels = p.alterations.map(\.label) + Array(Set(r.matches.filter { $0.alterationIndex == nil }.map(\.alterationLabel))).sorted()
        for (i, label) in labels.enumerated() {
            let isCaseAlteration = i < p.alterations.count
            let options = v.options.filter { isCaseAlteration ? $0.alterationIndex == i : ($0.alterationIndex == nil && AlterationKey.normalize($0.option.alteration) == AlterationKey.normalize(label)) }
            let rows = r.matches.filter { isCaseAlteration ? $0.alterationIndex == i : ($0.alterationIndex == nil && $0.alterationLabel == label) }
            out += ["", "## \(label)"]
            if isCaseAlteration, p.alterations[i].significance == .unknownSignificance { out.append("Variant of unknown significance.") }
            out.append("")
            if options.isEmpty { out.append("No option proposed.") }
            for o in options { out += optionLines(o) }
            let used = Set(options.flatMap { $0.backing.matches.map(\.row.rowID) })
            let unused = rows.filter { !used.contains($0.row.rowID) }
            if !unused.isEmpty {
                out += ["", "Retrieved rows no option used (\(unused.count)):"]
                out += unused.prefix(10).map { "- " + CasePrompt.line($0) }
                if unused.count > 10 { out.append("- ... and \(unused.count - 10) more (see the JSON report)") }
            } else if rows.isEmpty {
                out.append("No knowledge-base row matches this alteration.")
            }
        }
        let stray = v.options.filter { o in o.alterationIndex == nil && !labels.dropFirst(p.alterations.count).contains { AlterationKey.normalize($0) == AlterationKey.normalize(o.option.alteration) } }
        if !stray.isEmpty {
            out += ["", "## Options for alterations not in the case", ""]
            for o in stray { out += optionLines(o) }
        }
        let checks = v.citationChecks
        out += ["", "## Summary", ""]
        out.append("- Options: \(v.options.count), backed by the knowledge base: \(v.backedOptionCount)")
        out.append("- Citations: \(checks.count), verified: \(v.verifiedCitationCount) (in a row backing their option: \(checks.filter(\.supportsThisOption).count)), unverified: \(checks.count - v.verifiedCitationCount)")
        out.append("- No actionable option (model): \(v.noActionableOption ? "yes" : "no")")
        return out.joined(separator: "\n") + "\n"
    }

    static func optionLines(_ o: VerifiedOption) -> [String] {
        var lines = ["- **\(o.option.drugs.joined(separator: " + "))**: \(backingMark(o.backing))"]
        lines.append("  - evidence tier claimed: \(o.option.tier.rawValue); the knowledge base supports: \(o.supportedTier?.rawValue ?? "nothing")")
        let rows = o.backing.matches.map { "\($0.row.rowID) (\(CasePrompt.level($0.level)), \($0.row.disease), \($0.row.sourceLevel))" }
        if !rows.isEmpty { lines.append("  - knowledge-base rows: \(rows.joined(separator: "; "))") }
        lines.append("  - citations: " + (o.citations.isEmpty ? "none given" : o.citations.map(citationMark).joined(separator: "; ")))
        if !o.flags.isEmpty { lines.append("  - flags: " + o.flags.map(\.description).joined(separator: "; ")) }
        if let rationale = o.option.rationale, !rationale.isEmpty { lines.append("  - model's rationale (unverified): \(rationale)") }
        return lines
    }

    // MARK: JSON

    static func json(_ r: CaseRecommendation, _ kb: [KnowledgeBaseFiles.Loaded]) -> JSONValue {
        var members: [String: JSONValue] = [
            "format": .string(format), "version": 1, "case_id": .string(r.patient.id), "run_id": .string(r.runID.rawValue),
            "model": .string(r.model), "notice": .string(notice),
            "knowledge_base": .array(kb.map { .object(["path": .string($0.path), "source": .string($0.source.rawValue), "rows": .number(Double($0.rowCount))]) }),
            "retrieved": .array(r.matches.map(json)),
            "shown_to_model": .array(r.shown.map { .string($0.row.rowID) }),
        ]
        switch r.answer {
        case .unusable(let reason):
            members["answer"] = .object(["status": "unusable", "reason": .string(reason)])
        case .verified(let v):
            members["answer"] = .object([
                "status": "verified",
                "no_actionable_option": .bool(v.noActionableOption),
                "options": .array(v.options.map(json)),
                "summary": .object([
                    "options": .number(Double(v.options.count)), "backed": .number(Double(v.backedOptionCount)),
                    "citations": .number(Double(v.citationChecks.count)), "citations_verified": .number(Double(v.verifiedCitationCount)),
                    "citations_supporting_their_option": .number(Double(v.citationChecks.filter(\.supportsThisOption).count)),
                ]),
            ])
        }
        return .object(members)
    }

    static func json(_ o: VerifiedOption) -> JSONValue {
        .object([
            "alteration": .string(o.option.alteration),
            "alteration_index": o.alterationIndex.map { .number(Double($0)) } ?? .null,
            "drugs": .array(o.option.drugs.map { .string($0) }),
            "evidence_tier_claimed": .string(o.option.tier.rawValue),
            "evidence_tier_supported": o.supportedTier.map { .string($0.rawValue) } ?? .null,
            "backing": .string(backingName(o.backing)),
            "backing_rows": .array(o.backing.matches.map { .string($0.row.rowID) }),
            "citations": .array(o.citations.map { c in
                var m: [String: JSONValue] = ["text": .string(c.text), "status": .string(citationStatus(c)),
                                              "supports_this_option": .bool(c.supportsThisOption)]
                if case .verified(let foundIn) = c.status { m["found_in"] = .array(foundIn.map { .string($0) }) }
                return .object(m)
            }),
            "flags": .array(o.flags.map { .string($0.description) }),
            "rationale_unverified": o.option.rationale.map { .string($0) } ?? .null,
        ])
    }

    public static func json(_ m: KBMatch) -> JSONValue {
        .object([
            "row_id": .string(m.row.rowID), "alteration": .string(m.alterationLabel), "level": .string(CasePrompt.level(m.level)),
            "therapy": .array(m.row.therapy.map { .string($0) }), "evidence_tier": .string(m.tier.rawValue),
            "source_level": .string(m.row.sourceLevel), "disease": .string(m.row.disease),
            "tumor_context": .string(context(m.tumorContext)), "direction": .string(m.row.direction.rawValue),
            "pmids": .array(m.row.pmids.map { .string($0) }), "ncts": .array(m.row.ncts.map { .string($0) }),
        ])
    }

    static func context(_ c: TumorContext) -> String {
        switch c {
        case .sameType(let basis): return "same tumor type (\(basis))"
        case .tumorAgnostic: return "tumor-agnostic"
        case .otherType(let basis): return "other tumor type (\(basis))"
        }
    }
}
