import Foundation

/// Step 7 of the prioritization flow: per-gene expression numbers for a module's genes, to show
/// beside the ranking. Everything is computed from the matrix; nothing is estimated.
public struct ExpressionFolding: Equatable, Sendable {
    /// Per module gene found in the matrix, in module order.
    public let genes: [GeneExpression]
    /// Module genes with no row in the matrix, in module order.
    public let missingGenes: [String]
    /// Per sample: the mean over the module genes found (the "module average"), in matrix order.
    public let moduleAverage: [Double]
    /// The groups compared (`case` minus `control`), when groups were given.
    public let comparison: Comparison?

    public struct Comparison: Equatable, Sendable {
        public let caseGroup: String
        public let controlGroup: String
        public let caseSamples: Int
        public let controlSamples: Int
    }

    /// - Parameters:
    ///   - genes: the module's genes (current symbols).
    ///   - rowFor: the matrix row id for a gene, when the matrix writes genes differently (for
    ///     example older symbols); by default the gene itself.
    ///   - groups: sample groups, and which two to compare (`caseGroup` minus `controlGroup`).
    public init(genes: [String], matrix: ExpressionMatrix, rowFor: (String) -> String? = { $0 },
                groups: SampleGroups? = nil, caseGroup: String? = nil, controlGroup: String? = nil) throws {
        var found: [(gene: String, values: [Double])] = []
        var missing: [String] = []
        for gene in genes {
            if let id = rowFor(gene), let row = matrix.row(id) { found.append((gene, row)) } else { missing.append(gene) }
        }
        guard !found.isEmpty else {
            let shown = matrix.genes.prefix(5).joined(separator: ", ")
            throw GenesError(file: matrix.path, .mismatch(
                "none of the \(genes.count) module genes is a row of the matrix (its rows start \(shown))"))
        }
        let sampleCount = matrix.samples.count
        let average = (0..<sampleCount).map { sample in found.reduce(0) { $0 + $1.values[sample] } / Double(found.count) }

        var split: (caseIndices: [Int], controlIndices: [Int])?
        if let groups {
            split = try Self.split(matrix: matrix, groups: groups, caseGroup: caseGroup, controlGroup: controlGroup)
            if let split, let caseGroup, let controlGroup {
                comparison = Comparison(caseGroup: caseGroup, controlGroup: controlGroup,
                                        caseSamples: split.caseIndices.count, controlSamples: split.controlIndices.count)
            } else {
                comparison = nil
            }
        } else {
            comparison = nil
        }
        self.genes = try found.map { gene, values in
            try GeneExpression(gene: gene, values: values, moduleAverage: average, split: split)
        }
        missingGenes = missing
        moduleAverage = average
    }

    /// Sample indices of the two groups; every matrix sample must have a group and every grouped
    /// sample must be in the matrix, so a misspelt id cannot silently drop a sample.
    private static func split(matrix: ExpressionMatrix, groups: SampleGroups, caseGroup: String?,
                              controlGroup: String?) throws -> (caseIndices: [Int], controlIndices: [Int])? {
        let ungrouped = matrix.samples.filter { groups.groupOf[$0] == nil }
        guard ungrouped.isEmpty else {
            throw GenesError(file: groups.path, .mismatch(
                "\(ungrouped.count) matrix sample(s) have no group: \(ungrouped.prefix(5).joined(separator: ", "))"))
        }
        let inMatrix = Set(matrix.samples)
        let unknown = groups.groupOf.keys.filter { !inMatrix.contains($0) }.sorted()
        guard unknown.isEmpty else {
            throw GenesError(file: groups.path, .mismatch(
                "\(unknown.count) grouped sample(s) are not matrix columns: \(unknown.prefix(5).joined(separator: ", "))"))
        }
        guard let caseGroup, let controlGroup else { return nil }
        for name in [caseGroup, controlGroup] where !groups.groups.contains(name) {
            throw GenesError(file: groups.path, .unknownGroup(name: name, known: groups.groups))
        }
        let indices = { (group: String) in matrix.samples.indices.filter { groups.groupOf[matrix.samples[$0]] == group } }
        let split = (indices(caseGroup), indices(controlGroup))
        for (name, members) in [(caseGroup, split.0), (controlGroup, split.1)] where members.count < 2 {
            throw GenesError(file: groups.path, .invalid(
                "group \"\(name)\" has \(members.count) sample(s); a group difference needs at least 2 per group"))
        }
        return split
    }
}
