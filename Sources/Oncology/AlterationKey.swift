/// The canonical lower-case text of an alteration as written in an option list, for normalized
/// matching: "KRAS p.G12C" and "KRAS G12C" are "kras g12c"; "MET Amplification FISH positive" and
/// "MET amplification" are "met amplification"; "TMB 12.8 Mut/Mb" and "TMB high" are "tmb-high".
/// Text the alteration parser cannot read is compared tidied (lower case, single spaces).
public enum AlterationKey {
    public static func normalize(_ text: String) -> String {
        let tidy = DrugName.tidy(text)
        if tidy.hasPrefix("tmb") || tidy.hasPrefix("tumor mutational burden") { return "tmb-high" }
        if tidy.hasPrefix("msi") || tidy.hasPrefix("microsatellite instab") { return "msi-high" }
        if case .parsed(let alterations) = AlterationTextParser.parse(text), alterations.count == 1, let only = alterations.first {
            return only.kind.description.lowercased()
        }
        return tidy
    }
}
