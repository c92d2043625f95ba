/// Whether a knowledge-base row's evidence is in the case's tumor type, and on what basis.
public enum TumorContext: Hashable, Sendable {
    /// The row's tumor is the case's or an OncoTree ancestor of it (NSCLC evidence for a LUAD case).
    case sameType(basis: String)
    /// The row is for any solid tumor or any cancer (tissue-agnostic approvals).
    case tumorAgnostic
    /// Another tumor type: off-label for this case.
    case otherType(basis: String)

    public var isSameOrAgnostic: Bool {
        if case .otherType = self { return false }
        return true
    }

    static let agnosticNames: Set<String> = ["any solid tumor", "any cancer type", "solid tumor", "cancer", "any cancer", "pan-cancer"]

    /// The context of evidence for `disease` (with its OncoTree code when the source gives one)
    /// for a case with `tumor`.
    public static func of(disease: String, oncoTreeCode: String?, for tumor: TumorType) -> TumorContext {
        let name = OncoTree.fold(disease)
        if agnosticNames.contains(name) { return .tumorAgnostic }
        let rowCode = oncoTreeCode.flatMap { OncoTree.node(code: $0) != nil ? $0.uppercased() : nil } ?? OncoTree.code(forName: disease)
        if let caseCode = tumor.oncoTreeCode, let rowCode {
            let lineage = OncoTree.lineage(of: caseCode)
            if lineage.contains(rowCode) {
                return .sameType(basis: rowCode == caseCode ? "OncoTree \(rowCode)" : "OncoTree \(caseCode) within \(rowCode)")
            }
            return .otherType(basis: "OncoTree \(rowCode), case \(caseCode)")
        }
        if name == OncoTree.fold(tumor.text) { return .sameType(basis: "by name") }
        return .otherType(basis: "by name: \"\(disease)\" is not \"\(tumor.text)\"")
    }
}
