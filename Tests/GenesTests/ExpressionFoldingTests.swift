import XCTest
@testable import Genes

/// Expected numbers from scipy 1.17.1 on Fixtures/expression.tsv (see Fixtures/README.md):
/// `ttest_ind(case, control, equal_var=False)`, `pearsonr` and `spearmanr` against the mean of
/// the module genes found (HBB, ALAS2, FECH), `t.sf` for the distribution checks.
final class ExpressionFoldingTests: XCTestCase {
    private func fold(_ genes: [String] = ["HBB", "ALAS2", "FECH", "SLC4A1"]) throws -> ExpressionFolding {
        try ExpressionFolding(genes: genes, matrix: ExpressionMatrix(path: TestData.fixture("expression.tsv")),
                              groups: SampleGroups(path: TestData.fixture("groups.tsv")),
                              caseGroup: "case", controlGroup: "control")
    }

    func testPerGeneNumbersMatchScipy() throws {
        let folded = try fold()
        XCTAssertEqual(folded.missingGenes, ["SLC4A1"])
        XCTAssertEqual(folded.genes.map(\.gene), ["HBB", "ALAS2", "FECH"])
        XCTAssertEqual(folded.comparison, .init(caseGroup: "case", controlGroup: "control", caseSamples: 3, controlSamples: 3))
        let expected: [(mean: Double, diff: Double, log2fc: Double, t: Double, p: Double, df: Double, r: Double, rho: Double)] = [
            (10.333333333333334, 4.000000000000002, 0.5655971758542253, 5.760184328847834, 0.005885100667570943, 3.661308193216055, 0.9971023007964175, 1.0),
            (5.333333333333333, 2.9999999999999996, 0.8339900485610707, 4.4943855249502995, 0.013865758082103946, 3.592796577033503, 0.9909165198928284, 1.0),
            (3.183333333333333, 0.3666666666666667, 0.16635838642212003, 1.1726039399558577, 0.322141902265274, 3.14158215010142, 0.4304092094569285, 0.4285714285714286),
        ]
        for (gene, want) in zip(folded.genes, expected) {
            XCTAssertEqual(gene.mean, want.mean, accuracy: 1e-12, gene.gene)
            XCTAssertEqual(gene.meanDifference ?? .nan, want.diff, accuracy: 1e-12, gene.gene)
            XCTAssertEqual(gene.log2FoldChange ?? .nan, want.log2fc, accuracy: 1e-12, gene.gene)
            XCTAssertEqual(gene.welch?.t ?? .nan, want.t, accuracy: 1e-10, gene.gene)
            XCTAssertEqual(gene.welch?.degreesOfFreedom ?? .nan, want.df, accuracy: 1e-10, gene.gene)
            XCTAssertEqual(gene.welch?.p ?? .nan, want.p, accuracy: 1e-12, gene.gene)
            XCTAssertEqual(gene.pearson ?? .nan, want.r, accuracy: 1e-12, gene.gene)
            XCTAssertEqual(gene.spearman ?? .nan, want.rho, accuracy: 1e-12, gene.gene)
        }
        XCTAssertEqual(folded.moduleAverage[1], 8.1, accuracy: 1e-12)
    }

    func testStudentTTailMatchesScipy() {
        let cases: [(t: Double, df: Double, p: Double)] = [
            (2.0, 3.0, 0.13932596855884305), (0.5, 10.5, 0.6273873045888351), (5.0, 1.0, 0.1256659163780024),
            (-3.3, 7.2, 0.01260239921796857), (1e-3, 200.0, 0.9992031123011389), (40.0, 4.0, 2.3340163226012678e-06),
        ]
        for c in cases {
            let p = StudentT.twoSidedP(t: c.t, degreesOfFreedom: c.df)
            XCTAssertEqual(p, c.p, accuracy: 1e-12 * max(1, c.p), "t=\(c.t) df=\(c.df)")
            XCTAssertLessThan(abs(p - c.p) / c.p, 1e-9, "t=\(c.t) df=\(c.df)")
        }
        XCTAssertNil(WelchTest([1, 1], [2, 2]))
        XCTAssertNil(WelchTest([1], [2, 3]))
    }

    func testLogFoldChangeOnlyForPositiveData() throws {
        let matrix = try ExpressionMatrix(path: TestData.write("g,a,b,c,d\nX,-1,0.5,1,2\n", name: "m.csv"))
        let groups = try SampleGroups(path: TestData.write("a,1\nb,1\nc,2\nd,2\n", name: "g.csv"))
        let folded = try ExpressionFolding(genes: ["X"], matrix: matrix, groups: groups, caseGroup: "1", controlGroup: "2")
        XCTAssertNil(folded.genes[0].log2FoldChange)
        // (-1 + 0.5) / 2 - (1 + 2) / 2
        XCTAssertEqual(folded.genes[0].meanDifference ?? .nan, -1.75, accuracy: 1e-12)
        // A one-gene module's average is the gene itself.
        XCTAssertEqual(folded.genes[0].pearson ?? .nan, 1, accuracy: 1e-12)
    }

    func testBadMatricesNameFileLineAndColumn() throws {
        let text = "gene\tS1\tS2\nHBB\t1.0\tNA\n"
        let path = try TestData.write(text, name: "na.tsv")
        XCTAssertEqual(genesError { try ExpressionMatrix(path: path) }?.description,
                       "\(path):2:3: gene HBB, sample S2: expected a finite number, found \"NA\"")
        let short = try TestData.write("gene\tS1\tS2\nHBB\t1.0\n", name: "short.tsv")
        XCTAssertEqual(genesError { try ExpressionMatrix(path: short) }?.description,
                       "\(short):2: malformed row: expected 3 fields (gene + 2 samples), found 2")
        let twice = try TestData.write("gene,S1,S2\nHBB,1,2\n\nHBB,3,4\n", name: "twice.csv")
        XCTAssertEqual(genesError { try ExpressionMatrix(path: twice) }?.description,
                       "\(twice):4:1: \"HBB\" appears twice (first at line 2)")
        let samples = try TestData.write("gene,S1,S1\nHBB,1,2\n", name: "samples.csv")
        XCTAssertEqual(genesError { try ExpressionMatrix(path: samples) }?.reason,
                       "sample \"S1\" appears twice (columns 2 and 3)")
        let infinite = try TestData.write("gene,S1\nHBB,inf\n", name: "inf.csv")
        XCTAssertEqual(genesError { try ExpressionMatrix(path: infinite) }?.column, 2)
    }

    func testMismatchedGenesSamplesAndGroups() throws {
        let matrix = try ExpressionMatrix(path: TestData.fixture("expression.tsv"))
        XCTAssertEqual(genesError { try ExpressionFolding(genes: ["TP53", "EGFR"], matrix: matrix) }?.reason,
                       "none of the 2 module genes is a row of the matrix (its rows start HBB, ALAS2, FECH, CD3E)")
        let partial = try SampleGroups(path: TestData.write("S1\tcase\nS2\tcase\nS3\tcontrol\n", name: "p.tsv"))
        XCTAssertEqual(genesError { try ExpressionFolding(genes: ["HBB"], matrix: matrix, groups: partial,
                                                          caseGroup: "case", controlGroup: "control") }?.reason,
                       "3 matrix sample(s) have no group: S4, S5, S6")
        let extra = try SampleGroups(path: TestData.write(
            "S1\tcase\nS2\tcase\nS3\tcase\nS4\tcontrol\nS5\tcontrol\nS6\tcontrol\nS7\tcontrol\n", name: "x.tsv"))
        XCTAssertEqual(genesError { try ExpressionFolding(genes: ["HBB"], matrix: matrix, groups: extra,
                                                          caseGroup: "case", controlGroup: "control") }?.reason,
                       "1 grouped sample(s) are not matrix columns: S7")
        let groups = try SampleGroups(path: TestData.fixture("groups.tsv"))
        XCTAssertEqual(genesError { try ExpressionFolding(genes: ["HBB"], matrix: matrix, groups: groups,
                                                          caseGroup: "sepsis", controlGroup: "control") }?.problem,
                       .unknownGroup(name: "sepsis", known: ["case", "control"]))
        let lonely = try SampleGroups(path: TestData.write(
            "S1\ta\nS2\tb\nS3\tb\nS4\tb\nS5\tb\nS6\tb\n", name: "l.tsv"))
        XCTAssertEqual(genesError { try ExpressionFolding(genes: ["HBB"], matrix: matrix, groups: lonely,
                                                          caseGroup: "a", controlGroup: "b") }?.reason,
                       "group \"a\" has 1 sample(s); a group difference needs at least 2 per group")
        let duplicated = try TestData.write("S1\ta\nS1\tb\n", name: "d.tsv")
        XCTAssertEqual(genesError { try SampleGroups(path: duplicated) }?.problem, .duplicate(key: "S1", firstLine: 1))
    }
}

final class GeneStatisticsTableTests: XCTestCase {
    func testStatisticsKeepTheirColumnNamesAndReadNAAsMissing() throws {
        let path = try TestData.write("symbol\tlog2FoldChange\tpvalue\nHBB\t2.5\t1e-8\nALAS2\t1.25\tNA\n", name: "de.tsv")
        let table = try GeneStatisticsTable(path: path)
        XCTAssertEqual(table.columns, ["log2FoldChange", "pvalue"])
        XCTAssertEqual(table.value("HBB", "pvalue"), 1e-8)
        XCTAssertNil(table.value("ALAS2", "pvalue"))
        XCTAssertEqual(table.value("ALAS2", "log2FoldChange"), 1.25)
        XCTAssertFalse(table.hasGene("FECH"))
    }

    func testStatisticsErrors() throws {
        let text = try TestData.write("gene,log2fc\nHBB,high\n", name: "bad.csv")
        XCTAssertEqual(genesError { try GeneStatisticsTable(path: text) }?.description,
                       "\(text):2:2: gene HBB, log2fc: expected a finite number, found \"high\"")
        let noGene = try TestData.write("id,log2fc\nHBB,1\n", name: "nogene.csv")
        XCTAssertEqual(genesError { try GeneStatisticsTable(path: noGene) }?.problem,
                       .missingColumn(name: "gene", found: ["id", "log2fc"]))
    }

    func testFoldingSerializesUndefinedAsNull() throws {
        let matrix = try ExpressionMatrix(path: TestData.fixture("expression.tsv"))
        let folded = try ExpressionFolding(genes: ["HBB"], matrix: matrix)
        let json = folded.jsonValue
        XCTAssertEqual(json["genes"]?[0]?["welch_p"], .null)
        XCTAssertEqual(json["genes"]?[0]?["mean"], .number(10.333333333333334))
        XCTAssertNil(json["comparison"])
    }
}

final class ExpressionRowMappingTests: XCTestCase {
    func testMatrixRowsInOlderSymbolsAreFoundByCurrentSymbol() throws {
        let normalizer = SymbolNormalizer(table: try HGNCTable(path: TestData.fixture("hgnc.tsv")))
        let matrix = try ExpressionMatrix(path: TestData.write("gene\tA\tB\nFAM46C\t1\t2\nMARCH8\t3\t4\nMARCHF8\t5\t6\n", name: "old.tsv"))
        let rows = matrix.rowsByCurrentSymbol(normalizer)
        XCTAssertEqual(rows, ["TENT5C": "FAM46C", "MARCHF8": "MARCHF8"])
        let folded = try ExpressionFolding(genes: ["TENT5C", "MARCHF8", "HBB"], matrix: matrix, rowFor: { rows[$0] })
        XCTAssertEqual(folded.genes.map(\.mean), [1.5, 5.5])
        XCTAssertEqual(folded.missingGenes, ["HBB"])
    }
}
