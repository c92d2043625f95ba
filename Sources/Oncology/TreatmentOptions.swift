import Support

/// A model's answer in the shape of Prompts/schemas/treatment-options.json, read into types. The
/// schema check (Workflow) runs first; this reader still names any field it cannot use by JSON
/// path, and checks what a schema cannot: no_actionable_option agrees with the options.
public struct TreatmentOptions: Hashable, Sendable {
    public let caseID: String
    public let options: [TreatmentOption]
    public let noActionableOption: Bool
    public let alterationsWithoutOption: [String]

    public init(caseID: String, options: [TreatmentOption], noActionableOption: Bool, alterationsWithoutOption: [String] = []) {
        self.caseID = caseID
        self.options = options
        self.noActionableOption = noActionableOption
        self.alterationsWithoutOption = alterationsWithoutOption
    }

    public static func read(_ value: JSONValue, source: String = "<answer>") throws -> TreatmentOptions {
        let errors = JSONErrorSink(source: source)
        guard let root = JSONFields(value, path: "$", errors: errors) else { throw OncologyInputErrors(errors.errors) }
        let caseID = root.string("case_id", required: true)
        let none = root.value("no_actionable_option")?.boolValue
        if none == nil { root.fail("no_actionable_option", "expected boolean") }
        let without = root.strings("alterations_without_option") ?? []
        var options: [TreatmentOption] = []
        for (i, item) in (root.array("options", required: true) ?? []).enumerated() {
            guard let fields = JSONFields(item, path: "$.options[\(i)]", errors: errors) else { continue }
            let alteration = fields.string("alteration", required: true)
            let drugs = fields.strings("drugs") ?? []
            if drugs.isEmpty { fields.fail("drugs", "expected at least one drug") }
            let tier = fields.choice("evidence_tier", EvidenceTier.self, required: true)
            let citations = fields.strings("citations") ?? []
            let rows = fields.strings("kb_rows") ?? []
            let rationale = fields.string("rationale")
            fields.rejectUnknown()
            if let alteration, let tier, !drugs.isEmpty {
                options.append(TreatmentOption(alteration: alteration, drugs: drugs, tier: tier, citations: citations, kbRows: rows, rationale: rationale))
            }
        }
        root.rejectUnknown()
        if let none, none != options.isEmpty, errors.errors.isEmpty {
            root.fail("no_actionable_option", none ? "is true but \(options.count) option(s) are given" : "is false but no option is given")
        }
        try errors.throwIfAny()
        guard let caseID, let none else { throw OncologyInputErrors(errors.errors) }
        return TreatmentOptions(caseID: caseID, options: options, noActionableOption: none, alterationsWithoutOption: without)
    }
}

public struct TreatmentOption: Hashable, Sendable {
    public let alteration: String
    /// One therapy: a single drug, or several as a combination (their order carries no meaning).
    public let drugs: [String]
    public let tier: EvidenceTier
    public let citations: [String]
    /// Knowledge-base row ids the model says support the option (checked, not trusted).
    public let kbRows: [String]
    public let rationale: String?

    public init(alteration: String, drugs: [String], tier: EvidenceTier, citations: [String] = [], kbRows: [String] = [], rationale: String? = nil) {
        self.alteration = alteration
        self.drugs = drugs
        self.tier = tier
        self.citations = citations
        self.kbRows = kbRows
        self.rationale = rationale
    }

    /// The option as one scoring row: drugs joined by " and ", as the expert reference writes combinations.
    public func row(caseID: String, source: String) -> TherapyOptionRow {
        TherapyOptionRow(caseID: caseID, alteration: alteration, source: source, option: drugs.joined(separator: " and ").lowercased(),
                         citations: citations)
    }
}
