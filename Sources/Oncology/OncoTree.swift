/// The part of the OncoTree classification (oncotree.mskcc.org, CC BY 4.0) that the tumor-board
/// cases and the knowledge-base fixtures need: code, name, parent, and free-text names that map to
/// the code. Extend by adding rows; a code missing here is rejected on import rather than guessed.
///
/// Parents follow OncoTree's tissue > type > subtype levels; where a release has an intermediate
/// node that no case here needs (e.g. Ovarian Epithelial Tumor), the row says so.
public struct OncoTreeNode: Hashable, Sendable {
    public let code: String
    public let name: String
    public let parent: String?
    /// Lower-cased free-text names, including the spellings seen in source data.
    public let synonyms: [String]
}

public enum OncoTree {
    public static let nodes: [OncoTreeNode] = [
        // Tissues (level 1).
        node("LUNG", "Lung", nil),
        node("SKIN", "Skin", nil),
        node("BILIARY_TRACT", "Biliary Tract", nil, ["biliary tract cancer"]),
        node("HEAD_NECK", "Head and Neck", nil, ["head and neck cancer", "oropharyngeal carcinoma"]),
        node("BLADDER", "Bladder/Urinary Tract", nil),
        node("THYMUS", "Thymus", nil),
        node("OVARY", "Ovary/Fallopian Tube", nil),
        node("BREAST", "Breast", nil),
        node("BOWEL", "Bowel", nil),
        node("PANCREAS", "Pancreas", nil),
        node("THYROID", "Thyroid", nil),
        node("PROSTATE", "Prostate", nil),
        node("MYELOID", "Myeloid", nil),
        // Lung.
        node("NSCLC", "Non-Small Cell Lung Cancer", "LUNG", ["nsclc", "non small cell lung cancer", "lung non-small cell carcinoma"]),
        node("LUAD", "Lung Adenocarcinoma", "NSCLC", ["adenocarcinoma of the lung"]),
        node("LUSC", "Lung Squamous Cell Carcinoma", "NSCLC"),
        // Skin.
        node("MEL", "Melanoma", "SKIN", ["malignant melanoma"]),
        node("SKCM", "Cutaneous Melanoma", "MEL"),
        // Biliary tract (some releases place CHOL under an intraductal papillary neoplasm node).
        node("CHOL", "Cholangiocarcinoma", "BILIARY_TRACT", ["bile duct cancer"]),
        node("IHCH", "Intrahepatic Cholangiocarcinoma", "CHOL"),
        // Head and neck. "Oropharyngeal carcinoma" without a histology maps to the tissue, not to
        // the squamous subtype it usually is.
        node("HNSC", "Head and Neck Squamous Cell Carcinoma", "HEAD_NECK"),
        node("OPHSC", "Oropharynx Squamous Cell Carcinoma", "HNSC"),
        node("SACA", "Salivary Carcinoma", "HEAD_NECK", ["salivary gland cancer"]),
        node("SDCA", "Salivary Duct Carcinoma", "SACA"),
        // Bladder/urinary tract.
        node("BLCA", "Bladder Urothelial Carcinoma", "BLADDER", ["urothelial carcinoma"]),
        node("URCA", "Urachal Carcinoma", "BLADDER"),
        // Thymus (OncoTree's Thymic Epithelial Tumor node is left out). The source's "thymic
        // adenomcarcinoma" is a thymic carcinoma; OncoTree has no adenocarcinoma subtype.
        node("THYC", "Thymic Carcinoma", "THYMUS", ["thymic adenocarcinoma", "thymic adenomcarcinoma"]),
        // Ovary (the Ovarian Epithelial Tumor node is left out).
        node("HGSOC", "High-Grade Serous Ovarian Cancer", "OVARY", ["ovarian cancer", "high grade serous ovarian cancer"]),
        // Breast.
        node("BRCA", "Invasive Breast Carcinoma", "BREAST", ["breast cancer"]),
        // Bowel.
        node("COADREAD", "Colorectal Adenocarcinoma", "BOWEL", ["colorectal cancer"]),
        // Pancreas.
        node("PAAD", "Pancreatic Adenocarcinoma", "PANCREAS", ["pancreatic cancer"]),
        // Thyroid.
        node("THPA", "Papillary Thyroid Cancer", "THYROID"),
        // Prostate.
        node("PRAD", "Prostate Adenocarcinoma", "PROSTATE", ["prostate cancer"]),
        // Myeloid.
        node("CML", "Chronic Myelogenous Leukemia", "MYELOID", ["chronic myeloid leukemia"]),
    ]

    private static func node(_ code: String, _ name: String, _ parent: String?, _ synonyms: [String] = []) -> OncoTreeNode {
        OncoTreeNode(code: code, name: name, parent: parent, synonyms: synonyms)
    }

    static let byCode: [String: OncoTreeNode] = Dictionary(nodes.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })

    /// Names, synonyms and codes, folded (lower case, single spaces), to codes.
    static let byName: [String: String] = {
        var table: [String: String] = [:]
        for node in nodes {
            for name in [node.name, node.code] + node.synonyms { table[fold(name)] = node.code }
        }
        return table
    }()

    public static func node(code: String) -> OncoTreeNode? { byCode[code.uppercased()] }

    /// The code for a free-text tumor name, or nil when the name is not in the table.
    public static func code(forName name: String) -> String? { byName[fold(name)] }

    /// The code and its ancestors, most specific first: LUAD, NSCLC, LUNG.
    public static func lineage(of code: String) -> [String] {
        var out: [String] = []
        var next: String? = code.uppercased()
        while let current = next, let node = byCode[current], !out.contains(current) {
            out.append(current)
            next = node.parent
        }
        return out
    }

    static func fold(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "_" || $0 == "," }).joined(separator: " ")
    }
}
