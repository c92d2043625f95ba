import Foundation
import Genes
import Scoring
import Support

/// The GWAS causal-gene benchmark scored: the model's gene per locus against the Open Targets
/// gold gene (symbols compared exactly, ignoring case), beside the nearest-gene baseline on the
/// same loci.
public struct GWASCausalResult: Sendable {
    public enum Answer: Sendable, Equatable {
        case gene(String, confidence: Double)
        case failed(reason: String)

        init(_ value: JSONValue) {
            if let gene = value["gene"]?.stringValue, let confidence = value["confidence"]?.numberValue {
                self = .gene(gene.trimmingCharacters(in: .whitespaces), confidence: confidence)
            } else {
                self = .failed(reason: value["$failure"]?["reason"]?.stringValue ?? "not a causal-gene answer")
            }
        }
    }

    public struct Item: Sendable {
        public let locus: GWASLocus
        public let answer: Answer

        public var gene: String? {
            guard case .gene(let gene, _) = answer else { return nil }
            return gene
        }
        public var correct: Bool { gene.map { $0.uppercased() == locus.goldGene.uppercased() } ?? false }
        /// An answer that is none of the listed candidates.
        public var outOfList: Bool {
            guard let gene else { return false }
            return !locus.candidates.contains { $0.symbol.uppercased() == gene.uppercased() }
        }
        public var nearestCorrect: Bool { locus.nearestGene == locus.goldGene }
    }

    public let items: [Item]
    /// Correct answers over parsed answers.
    public let precision: Proportion
    /// Correct answers over all loci (a failed call counts as wrong).
    public let accuracy: Proportion
    /// Answers naming no listed candidate, over parsed answers.
    public let outOfList: Proportion
    public let failed: Int
    /// The nearest gene is the gold gene, over all loci.
    public let nearestGene: Proportion
    /// Loci the model gets right and the nearest-gene rule wrong, and the reverse.
    public let beatsNearest: Int
    public let losesToNearest: Int

    public init(loci: [GWASLocus], answers: [JSONValue]) throws {
        guard loci.count == answers.count else {
            throw GeneJobError.answer(step: "causal", item: answers.count, reason: "expected \(loci.count) answers, one per locus")
        }
        let items = zip(loci, answers).map { Item(locus: $0, answer: Answer($1)) }
        self.items = items
        let answered = items.filter { $0.gene != nil }
        precision = Proportion(outcomes: answered.map(\.correct))
        accuracy = Proportion(outcomes: items.map(\.correct))
        outOfList = Proportion(outcomes: answered.map(\.outOfList))
        failed = items.count - answered.count
        nearestGene = Proportion(outcomes: items.map(\.nearestCorrect))
        beatsNearest = items.filter { $0.correct && !$0.nearestCorrect }.count
        losesToNearest = items.filter { !$0.correct && $0.nearestCorrect }.count
    }

    public func markdown(model: String, runID: String) -> String {
        var lines = ["# GWAS causal-gene benchmark (Open Targets gold standards, high confidence)", "",
                     "Model `\(model)` · run `\(runID)` · \(items.count) loci; candidates are the GENCODE 32 coding-like genes within 500 kb of the sentinel (GRCh38), shown in alphabetical order with their distance. An answer is correct when it is the gold gene's symbol (case ignored).", "",
                     "| | this model | nearest gene |", "|---|---|---|"]
        lines.append("| correct over answered (precision) | \(GONamingResult.rate(precision)) | - |")
        lines.append("| correct over all loci | \(GONamingResult.rate(accuracy)) | \(GONamingResult.rate(nearestGene)) |")
        lines.append("| answers outside the candidate list | \(GONamingResult.rate(outOfList)) | - |")
        lines.append("| failed calls | \(failed) | - |")
        lines += ["", "Right where the nearest gene is wrong: \(beatsNearest); wrong where the nearest gene is right: \(losesToNearest).", "",
                  "| locus | rsid | trait | gold | nearest | answer | confidence |", "|---|---|---|---|---|---|---|"]
        for item in items {
            let answer: String, confidence: String
            switch item.answer {
            case let .gene(gene, value): answer = GONamingResult.cell(gene) + (item.correct ? " (correct)" : item.outOfList ? " (not listed)" : ""); confidence = GeneReport.number(value)
            case .failed(let reason): answer = "failed: " + GONamingResult.cell(reason); confidence = "-"
            }
            lines.append("| \(item.locus.id) | \(item.locus.rsid.isEmpty ? "-" : item.locus.rsid) | \(GONamingResult.cell(item.locus.trait)) | \(item.locus.goldGene) | \(item.locus.nearestGene ?? "-") | \(answer) | \(confidence) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public var jsonValue: JSONValue {
        let proportion = { (p: Proportion) -> JSONValue in
            let interval = try? p.wilsonInterval()
            return .object(["successes": .number(Double(p.successes)), "trials": .number(Double(p.trials)), "value": p.value.map(JSONValue.number) ?? .null,
                            "wilson_95": interval.map { .array([.number($0.lower), .number($0.upper)]) } ?? .null])
        }
        return .object([
            "precision": proportion(precision), "accuracy": proportion(accuracy), "out_of_list": proportion(outOfList),
            "failed": .number(Double(failed)), "nearest_gene": proportion(nearestGene),
            "beats_nearest": .number(Double(beatsNearest)), "loses_to_nearest": .number(Double(losesToNearest)),
            "loci": .array(items.map { item in
                var members: [String: JSONValue] = ["locus": .string(item.locus.id), "rsid": .string(item.locus.rsid),
                                                    "gold": .string(item.locus.goldGene), "nearest": item.locus.nearestGene.map(JSONValue.string) ?? .null,
                                                    "correct": .bool(item.correct)]
                switch item.answer {
                case let .gene(gene, confidence): members["answer"] = .string(gene); members["confidence"] = .number(confidence)
                case .failed(let reason): members["failed"] = .string(reason)
                }
                return .object(members)
            }),
        ])
    }
}
