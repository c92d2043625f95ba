import Foundation
import TumorBoard
import XCTest

/// Committed files the tests read, found from this file's place in the checkout.
enum TestFiles {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let resources = TumorBoardResources(repositoryRoot: root)
    /// MOAlmanac-schema rows written from FDA label facts (Tests/OncologyTests/Fixtures/README.md).
    static let fixtureKB = root.appendingPathComponent("Tests/OncologyTests/Fixtures/moalmanac-fixture.json").path

    /// A lung adenocarcinoma with KRAS G12C (approved options in the fixture) and a VUS (none).
    static let lungCase = """
        {"id": "tb-1", "tumor": {"text": "Lung Adenocarcinoma"}, "stage": "IV", "alterations": [
          {"type": "variant", "gene": "KRAS", "protein": "p.G12C", "label": "KRAS p.G12C"},
          {"type": "variant", "gene": "ZFHX3", "protein": "p.F2994L", "significance": "vus", "label": "ZFHX3 p.F2994L"}
        ]}
        """
}

/// A fresh directory under the system temp dir, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tumorboard-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
