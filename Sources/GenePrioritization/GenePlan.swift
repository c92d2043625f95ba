import Foundation
import Genes
import Support

/// Everything computed before the first model call (step 1 and the inputs of step 7): the
/// normalized modules, the genes to score, the preset and the expression numbers. Building it
/// checks every input, so a bad file fails before any model is loaded.
public struct GenePlan: Sendable {
    public struct Module: Sendable {
        public let id: String
        public let title: String?
        /// Current symbols to score, in module order (after `--limit-genes`).
        public let genes: [String]
        /// Raw entries with no single current symbol: kept in the record, not scored.
        public let unresolved: [SymbolResolution]
        public let expression: ExpressionFolding?
    }

    public let normalized: NormalizedModuleSet
    public let modules: [Module]
    /// Distinct genes to score, in first-seen order.
    public let genes: [String]
    /// HGNC approved name per gene.
    public let names: [String: String]
    public let preset: CriteriaPreset
    public let replicates: Int
    /// The preset's silver standards, resolved against the knowledge base.
    public let silverSets: [SilverSet]

    public init(job: GeneJob, knowledge: KnowledgeBase) throws {
        guard job.replicates >= 1 else { throw GeneJobError.input(source: "--replicates", reason: "expected at least 1, found \(job.replicates)") }
        guard job.top >= 1 else { throw GeneJobError.input(source: "--top", reason: "expected at least 1, found \(job.top)") }
        preset = try CriteriaPreset.load(named: job.criteria, directory: job.promptsRoot.appendingPathComponent("criteria"))
        replicates = job.replicates
        let preset = self.preset
        silverSets = try preset.silverSets.map { try SilverSet(spec: $0, knowledge: knowledge, presetFile: preset.file) }
        let set = try job.modules.load()
        normalized = NormalizedModuleSet(set, normalizer: knowledge.normalizer)
        let matrix = try job.expression.map { try ExpressionMatrix(path: $0.matrix) }
        let groups = try job.expression?.groups.map { try SampleGroups(path: $0) }
        let rows = matrix?.rowsByCurrentSymbol(knowledge.normalizer) ?? [:]
        var modules: [Module] = []
        var ordered: [String] = []
        var seen = Set<String>()
        for (index, module) in set.modules.enumerated() {
            var genes = normalized.genes(ofModule: index)
            if let limit = job.limitGenes { genes = Array(genes.prefix(max(1, limit))) }
            guard !genes.isEmpty else {
                throw GeneJobError.input(source: "\(set.source): module \(module.id)",
                                         reason: "no entry maps to a current HGNC symbol (\(module.symbols.count) entries)")
            }
            let unresolved = normalized.resolutions[index].filter { $0.mapping.symbol == nil }
            var folding: ExpressionFolding?
            if let matrix, let expression = job.expression {
                folding = try ExpressionFolding(genes: genes, matrix: matrix, rowFor: { rows[$0] },
                                                groups: groups, caseGroup: expression.caseGroup, controlGroup: expression.controlGroup)
            }
            modules.append(Module(id: module.id, title: module.title, genes: genes, unresolved: unresolved, expression: folding))
            for gene in genes where seen.insert(gene).inserted { ordered.append(gene) }
        }
        self.modules = modules
        genes = ordered
        var names: [String: String] = [:]
        for gene in ordered { names[gene] = knowledge.entry(gene)?.name ?? "" }
        self.names = names
    }

    /// The flow's run inputs: modules, criteria, one assessment per gene and replicate
    /// (replicate-major, so the first `gene_count` are replicate 1) and the gene count.
    public var flowInputs: [String: JSONValue] {
        var assessments: [JSONValue] = []
        for replicate in 1...replicates {
            for gene in genes {
                assessments.append(.object(["symbol": .string(gene), "name": .string(names[gene] ?? ""),
                                            "replicate": .number(Double(replicate))]))
            }
        }
        return [
            "modules": .array(modules.map { .object(["id": .string($0.id), "genes": .array($0.genes.map { .string($0) })]) }),
            "criteria": preset.flowInput,
            "assessments": .array(assessments),
            "gene_count": .number(Double(genes.count)),
        ]
    }
}
