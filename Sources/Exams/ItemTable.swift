/// The per-item CSV of a run: id, tags, key, predicted label, outcome, extraction rule. Item
/// text and raw replies (which may quote the item) are included only when asked for and never
/// for a dataset marked `redactText` unless `overrideRedaction` is set explicitly.
public enum ItemTable {
    public struct TextPolicy: Sendable, Equatable {
        public var includeText: Bool
        public var overrideRedaction: Bool

        public init(includeText: Bool = false, overrideRedaction: Bool = false) {
            self.includeText = includeText
            self.overrideRedaction = overrideRedaction
        }

        func allows(_ dataset: ExamDataset) -> Bool { includeText && (!dataset.redactText || overrideRedaction) }
    }

    /// `tags` chooses the tag columns, in order.
    public static func csv(run: RunScores, dataset: ExamDataset, tags: [String] = [], text: TextPolicy = TextPolicy()) throws -> String {
        let byID = try RunReport.index(run, dataset: dataset)
        let withText = text.allows(dataset)
        var header = ["item", "run"] + tags.map { "tag:\($0)" } + ["key", "predicted", "outcome", "rule", "extractor"]
        if withText { header += ["question", "reply"] }
        var out = ReportFormat.csvLine(header)
        for item in dataset.items {
            guard let score = byID[item.id] else { continue }
            var row = [item.id, run.name] + tags.map { item.tags[$0] ?? "" }
            row += [item.key ?? "", score.outcome.predictedLabel ?? "", score.outcome.kind, score.rule?.rawValue ?? "",
                    score.extractorVersion]
            if withText {
                let reply: String
                switch score.outcome {
                case .unparseable(let raw), .refusal(let raw): reply = raw
                case .transportError(let message): reply = message
                default: reply = ""
                }
                row += [item.stem, reply]
            }
            out += ReportFormat.csvLine(row)
        }
        return out
    }
}
