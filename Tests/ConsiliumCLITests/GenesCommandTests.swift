import ConsiliumCLI
import FlowRunner
import Foundation
import Provenance
import Support
import XCTest

/// `consilium genes prioritize` and `genes compare` refusing bad command lines: each error names
/// the argument, and nothing is recorded. No model is loaded: every case fails before that.
final class GenesCommandTests: XCTestCase {
    struct Run { var status: Int32; var stdout: String; var stderr: String }

    /// The repository root, so the default relative paths (Prompts, Benchmarks/genes/data) resolve.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func run(_ arguments: [String]) async -> Run {
        let stdout = StringWriter(), stderr = StringWriter()
        let context = CommandContext(stdout: stdout, stderr: stderr, environment: ["HOME": NSTemporaryDirectory()])
        let status = await Consilium.main(["consilium"] + arguments, context: context)
        return Run(status: status, stdout: stdout.text, stderr: stderr.text)
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("genes-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func expectRefused(_ arguments: [String], _ expected: String, file: StaticString = #filePath, line: UInt = #line) async {
        let result = await run(["genes", "prioritize"] + arguments)
        XCTAssertNotEqual(result.status, 0, file: file, line: line)
        XCTAssertTrue(result.stderr.contains(expected), "stderr: \(result.stderr)", file: file, line: line)
        XCTAssertEqual(result.stdout, "", file: file, line: line)
    }

    func testBadOptionsNameTheArgument() async {
        await expectRefused([], "--aggregate: give exactly one module source: --aggregate/--module, --genes or --gmt")
        await expectRefused(["--module", "M9.2", "--genes", "list.txt"],
                            "--genes: give exactly one module source: --aggregate/--module, --genes or --gmt (argument 6: 'list.txt')")
        await expectRefused(["--genes", "list.txt", "--set", "S"], "--set: --set names a set of the --gmt file (argument 6: 'S')")
        await expectRefused(["--module", "M9.2", "--replicates", "0"], "--replicates")
        await expectRefused(["--module", "M9.2", "--top", "five"], "--top")
        await expectRefused(["--module", "M9.2", "--model", "a", "--provider", "b.json"], "--provider: give either --model or --provider, not both")
        await expectRefused(["--module", "M9.2", "--case", "sick"], "--case: --case and --control need --groups")
        await expectRefused(["--module", "M9.2", "--groups", "g.tsv"], "--groups: --groups needs --expression")
        await expectRefused(["--module", "M9.2", "--replicate", "3"], "unknown option '--replicate'; did you mean '--replicates'?")
    }

    /// A module id the repertoire does not hold fails before the model is looked for (the model
    /// path does not exist) and before the database is created.
    func testUnknownModuleIDFailsBeforeTheModel() async throws {
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("runs.sqlite").path
        let root = Self.root.path
        let result = await run(["genes", "prioritize", "--module", "M9.3", "--model", directory.appendingPathComponent("none.gguf").path,
                                "--repertoire", root + "/Benchmarks/genes/data/bloodgen3/Module_listGen3.A37.csv",
                                "--data", root + "/Benchmarks/genes/data", "--prompts", root + "/Prompts",
                                "--db", database, "--out", directory.appendingPathComponent("report").path])
        XCTAssertNotEqual(result.status, 0)
        XCTAssertTrue(result.stderr.contains("unknown module or aggregate id \"M9.3\" (did you mean"), result.stderr)
        XCTAssertFalse(result.stderr.contains("none.gguf"), "the model is not looked at: \(result.stderr)")
        XCTAssertFalse(FileManager.default.fileExists(atPath: database))
    }

    func testBenchRefusesAnUnknownBenchmarkAndMisplacedOptions() async {
        let unknown = await run(["genes", "bench", "go-names"])
        XCTAssertNotEqual(unknown.status, 0)
        XCTAssertTrue(unknown.stderr.contains("benchmark: unknown benchmark \"go-names\" (known: go-naming, gwas-causal)"), unknown.stderr)
        let published = await run(["genes", "bench", "gwas-causal", "--published", "x.tsv"])
        XCTAssertTrue(published.stderr.contains("--published: only go-naming has published answers"), published.stderr)
        let limit = await run(["genes", "bench", "go-naming", "--limit", "0"])
        XCTAssertTrue(limit.stderr.contains("--limit"), limit.stderr)
    }

    func testCompareRefusesMissingRunsAndDatabase() async throws {
        let missingArgument = await run(["genes", "compare", "A"])
        XCTAssertNotEqual(missingArgument.status, 0)
        XCTAssertTrue(missingArgument.stderr.contains("missing required argument <run-b>"), missingArgument.stderr)
        let directory = try temporaryDirectory()
        let noDatabase = await run(["genes", "compare", "A", "B", "--db", directory.appendingPathComponent("none.sqlite").path])
        XCTAssertTrue(noDatabase.stderr.contains("no provenance database at"), noDatabase.stderr)
        let database = directory.appendingPathComponent("runs.sqlite").path
        _ = try FlowLaunch.openStore(database)
        let unknown = await run(["genes", "compare", "A", "B", "--db", database])
        XCTAssertTrue(unknown.stderr.contains("run A: not in the provenance database"), unknown.stderr)
    }

    /// Two stored gene reports (the JSON fields `genes compare` reads, written by hand) compared.
    func testCompareTwoStoredRuns() async throws {
        let directory = try temporaryDirectory()
        let database = directory.appendingPathComponent("runs.sqlite").path
        let store = try FlowLaunch.openStore(database)
        let keys = ["erythroid", "clinical_biomarker", "blood_biomarker", "leukocyte_immunology", "drug_target", "immune_therapeutic"]
        var ids: [String] = []
        for erythroid in [[9.0, 6, 3], [8.0, 2, 6]] {
            let rows: [JSONValue] = zip(["ALAS2", "BCL2L1", "CA1"], erythroid).map { gene, score in
                var criteria: [String: JSONValue] = [:]
                for key in keys { criteria[key] = .object(["mean": .number(key == "erythroid" ? score : 1)]) }
                return .object(["gene": .string(gene), "total_mean": .number(score * 3 + 7), "criteria": .object(criteria)])
            }
            let report: JSONValue = .object([
                "criteria": .object(["preset": "toufiq2023-erythroid", "criteria": .array(keys.map { .object(["key": .string($0)]) })]),
                "modules": .array([.object(["id": "M9.2", "ranking": .array(rows)])]),
            ])
            let run = try store.createRun(RunSpec(flowID: "genes.prioritization", flowVersion: "1", flowHash: ContentHash.of("flow"),
                                                  inputs: [:], parameters: [:], consiliumVersion: "test"))
            try store.storeJSON(run: run.id, role: .output, name: "gene_report", value: report)
            ids.append(run.id.rawValue)
        }
        let result = await run(["genes", "compare", ids[0], ids[1], "--db", database, "--top", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        // (9, 6, 3) against (8, 2, 6): Pearson 6 / sqrt(336) = 0.33, Spearman 0.5; both put ALAS2 first.
        XCTAssertTrue(result.stdout.contains("3 genes scored in both runs"), result.stdout)
        XCTAssertTrue(result.stdout.contains("| erythroid | 3 | 0.33 | 0.50 |"), result.stdout)
        XCTAssertTrue(result.stdout.contains("| 1 (k = 1) |"), result.stdout)
        let json = await run(["genes", "compare", ids[0], ids[1], "--db", database, "--json"])
        let value = try JSONValue(parsing: json.stdout)
        XCTAssertEqual(value["criteria"]?[0]?["spearman"]?.numberValue ?? .nan, 0.5, accuracy: 1e-12)
        XCTAssertEqual(value["criteria"]?.arrayValue?.count, 7, "six criteria and the weighted total")
    }
}
