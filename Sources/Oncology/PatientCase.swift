/// One tumor-board case: the tumor, what was sequenced and how, and the alterations found.
/// Built by `PatientCaseJSON` (the project's case format) or `BenaryCaseImport` (the paper's table),
/// both of which reject what they cannot type rather than drop it.
public struct PatientCase: Hashable, Sendable {
    public let id: String
    public let tumor: TumorType
    /// As written ("IV", "IIIB").
    public let stage: String?
    /// Earlier lines of therapy, first line first, as written ("carboplatin and pemetrexed").
    public let priorLines: [String]
    /// The assay, e.g. "Panel", "Whole-Exome".
    public let assay: String?
    /// Tumor cell fraction of the sample, 0...1.
    public let tumorPurity: Double?
    /// Tumor mutational burden in mutations per megabase.
    public let tumorMutationalBurden: Double?
    public let microsatelliteStatus: MicrosatelliteStatus?
    public let age: Int?
    public let sex: String?
    /// At least one.
    public let alterations: [Alteration]

    public init(id: String, tumor: TumorType, stage: String? = nil, priorLines: [String] = [], assay: String? = nil,
                tumorPurity: Double? = nil, tumorMutationalBurden: Double? = nil,
                microsatelliteStatus: MicrosatelliteStatus? = nil, age: Int? = nil, sex: String? = nil,
                alterations: [Alteration]) {
        self.id = id
        self.tumor = tumor
        self.stage = stage
        self.priorLines = priorLines
        self.assay = assay
        self.tumorPurity = tumorPurity
        self.tumorMutationalBurden = tumorMutationalBurden
        self.microsatelliteStatus = microsatelliteStatus
        self.age = age
        self.sex = sex
        self.alterations = alterations
    }

    /// 10 mutations/Mb: the FDA's threshold for pembrolizumab in TMB-high solid tumors (2020 label).
    public static let highTMBThreshold = 10.0

    public var isTMBHigh: Bool { (tumorMutationalBurden ?? 0) >= Self.highTMBThreshold }
}

public enum MicrosatelliteStatus: String, Hashable, Sendable, CaseIterable {
    case high, low, stable
}
