import ConsiliumCLI
import Foundation
import XCTest

/// The command line on bad input: a malformed case file is named by JSON path, before any model
/// is loaded or any database opened, and the file is left as it was.
final class TumorBoardCommandTests: XCTestCase {
    func testMalformedCaseFileNamesTheJSONPathAndLosesNothing() async throws {
        let directory = try temporaryDirectory(self)
        let casePath = directory.appendingPathComponent("cases.json").path
        let text = """
            {"format": "consilium.tumorboard.cases", "version": 1, "cases": [
              {"id": "bad-1", "tumor": {"text": "Lung Adenocarcinoma"}, "alterations": [{"type": "variant", "protein": "p.G12C"}]}
            ]}
            """
        try Data(text.utf8).write(to: URL(fileURLWithPath: casePath))
        let db = directory.appendingPathComponent("never.sqlite").path
        let stdout = StringWriter(), stderr = StringWriter()
        let status = await Consilium.main(
            ["consilium", "tumorboard", "recommend", casePath, "--kb", TestFiles.fixtureKB, "--db", db,
             "--prompts", TestFiles.resources.promptsRoot.path, "--data", TestFiles.resources.dataDirectory.path, "--model", "no-such-model"],
            context: CommandContext(stdout: stdout, stderr: stderr, environment: ProcessInfo.processInfo.environment))
        XCTAssertNotEqual(status, 0)
        XCTAssertTrue(stderr.text.contains("cases.json: $.cases[0].alterations[0].gene"), stderr.text)
        XCTAssertEqual(try String(contentsOfFile: casePath, encoding: .utf8), text, "the case file is untouched")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db), "no database is opened for a case that cannot run")
    }
}
