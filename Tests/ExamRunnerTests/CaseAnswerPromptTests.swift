import ExamRunner
import Exams
import Foundation
import XCTest

/// The case-answer prompt as shipped in Prompts/cases/: its slot, and a hash that changes with
/// either file (so an edited prompt never reuses cached answers).
final class CaseAnswerPromptTests: XCTestCase {
    func testShippedPromptRendersTheQuestionAfterItsContext() throws {
        let prompt = try CaseAnswerPrompt(promptsRoot: URL(fileURLWithPath: "\(ExamFixtures.repository)/Prompts"))
        let item = try ExamItem(id: "c1", stem: "Which dose for a T1 glottic cancer?", format: .openEnded, options: [], key: nil,
                                context: "A 64-year-old smoker.")
        let text = prompt.prompt(item)
        XCTAssertTrue(text.contains("A 64-year-old smoker.\n\nWhich dose for a T1 glottic cancer?"), text)
        XCTAssertFalse(text.contains("{{question}}"))
        XCTAssertTrue(prompt.system.contains("not a decision"), prompt.system)
        XCTAssertTrue(prompt.system.contains("Never invent"), prompt.system)
    }

    func testEitherFileChangesTheHashAndTheSlotIsRequired() throws {
        let base = try CaseAnswerPrompt(system: "S", template: "Q: {{question}}")
        XCTAssertNotEqual(base.hash, try CaseAnswerPrompt(system: "S2", template: "Q: {{question}}").hash)
        XCTAssertNotEqual(base.hash, try CaseAnswerPrompt(system: "S", template: "Question: {{question}}").hash)
        XCTAssertEqual(base.hash, try CaseAnswerPrompt(system: "S", template: "Q: {{question}}").hash)
        XCTAssertThrowsError(try CaseAnswerPrompt(system: "S", template: "no slot")) {
            XCTAssertTrue("\($0)".contains("lacks {{question}}"), "\($0)")
        }
    }
}
