@testable import Oncology
import XCTest

final class ProteinChangeTests: XCTestCase {
    func testSpellingsOfOneChangeReadAlike() throws {
        for text in ["p.V600E", "V600E", "p.Val600Glu", "Val600Glu", "p.(Val600Glu)", " p.V600E "] {
            let change = try XCTUnwrap(ProteinChange(parsing: text), text)
            XCTAssertEqual(change.canonical, "V600E", text)
            XCTAssertEqual(change.kind, .missense, text)
            XCTAssertEqual(change.position, 600, text)
            XCTAssertEqual(change.referenceResidue, "V", text)
        }
    }

    func testKindsAndCanonicalForms() throws {
        let cases: [(String, String, ProteinChange.Kind)] = [
            ("p.R238*", "R238*", .nonsense),
            ("R238X", "R238*", .nonsense),
            ("p.Arg238Ter", "R238*", .nonsense),
            ("p.K83Tfs*13", "K83fs", .frameshift),
            ("p.Lys83ThrfsTer13", "K83fs", .frameshift),
            ("p.H214fs*7", "H214fs", .frameshift),
            ("p.T367fs*12+", "T367fs", .frameshift),
            ("p.I1605fs", "I1605fs", .frameshift),
            ("p.305fs", "305fs", .frameshift),
            ("p.E746_A750del", "E746_A750del", .deletion),
            ("p.A138_Q144del", "A138_Q144del", .deletion),
            ("p.T949_E950insT", "T949_E950insT", .insertion),
            ("p.K577_L578 > TKL", "K577_L578delinsTKL", .deletionInsertion),
            ("p.K577_L578delinsTKL", "K577_L578delinsTKL", .deletionInsertion),
            ("p.A767_V769dup", "A767_V769dup", .duplication),
            ("p.G12=", "G12=", .synonymous),
        ]
        for (text, canonical, kind) in cases {
            let change = try XCTUnwrap(ProteinChange(parsing: text), text)
            XCTAssertEqual(change.canonical, canonical, text)
            XCTAssertEqual(change.kind, kind, text)
        }
    }

    func testNonChangesAreRejected() {
        for text in ["", "p.", "V600", "600E", "amplification", "c.672+1G>A", "p.V600EE", "Fusion", "p.V1234567E"] {
            XCTAssertNil(ProteinChange(parsing: text), text)
        }
    }
}
