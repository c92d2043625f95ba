import XCTest

@testable import Inference

/// Bad templates fail with the kind of problem, its line and column, and a reason saying what
/// was wrong. Each case writes the expected finding next to its input.
final class ChatTemplateErrorTests: XCTestCase {
    private func parseError(_ source: String, file: StaticString = #filePath, line: UInt = #line) -> ChatTemplateError? {
        do {
            _ = try ChatTemplate(source: source)
            XCTFail("parsed without error: \(source.debugDescription)", file: file, line: line)
        } catch let error as ChatTemplateError {
            return error
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
        }
        return nil
    }

    private func renderError(_ source: String, messages: [ChatMessage] = [], file: StaticString = #filePath, line: UInt = #line) -> ChatTemplateError? {
        do {
            let template = try ChatTemplate(source: source)
            let output = try template.render(messages: messages, addGenerationPrompt: true, bosToken: "<s>", eosToken: "</s>")
            XCTFail("rendered without error: \(output.debugDescription)", file: file, line: line)
        } catch let error as ChatTemplateError {
            return error
        } catch {
            XCTFail("unexpected error type \(error)", file: file, line: line)
        }
        return nil
    }

    private func check(_ error: ChatTemplateError?, _ kind: ChatTemplateError.Kind, line: Int, column: Int, reason: String,
                       file: StaticString = #filePath, sourceLine: UInt = #line) {
        guard let error else { return }
        XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: sourceLine)
        XCTAssertEqual(error.position, SourcePosition(line: line, column: column), "\(error)", file: file, line: sourceLine)
        XCTAssertTrue(error.reason.contains(reason), "reason \(error.reason.debugDescription) lacks \(reason.debugDescription)",
                      file: file, line: sourceLine)
    }

    // MARK: Parse errors

    func testUnterminatedOutputTagPointsAtItsOpening() {
        check(parseError("Hello\n  {{ name "), .syntax, line: 2, column: 3, reason: "unterminated '{{' tag (expected '}}')")
    }

    func testUnterminatedStatementTag() {
        check(parseError("{% if x %}a\n{% endif"), .syntax, line: 2, column: 1, reason: "unterminated '{%' tag")
    }

    func testUnterminatedComment() {
        check(parseError("a {# note"), .syntax, line: 1, column: 3, reason: "unterminated comment")
    }

    func testUnterminatedStringLiteral() {
        check(parseError("{{ 'abc }}"), .syntax, line: 1, column: 4, reason: "unterminated string literal")
    }

    func testBlockNeverClosedNamesTheOpeningTag() {
        check(parseError("x\n  {% for m in messages %}\n{{ m.content }}"), .syntax, line: 2, column: 3,
              reason: "'{% for %}' is never closed: the template ends before '{% else %}' or '{% endfor %}'")
    }

    func testUnknownFilterIsAParseError() {
        check(parseError("line one\n  {{ messages | shout }}"), .unknownFilter, line: 2, column: 17, reason: "unknown filter 'shout'")
    }

    func testUnknownTest() {
        check(parseError("{% if x is frobbed %}{% endif %}"), .unknownTest, line: 1, column: 12, reason: "unknown test 'frobbed'")
    }

    func testMissingOperand() {
        check(parseError("{{ 1 + }}"), .syntax, line: 1, column: 8, reason: "unexpected end of tag, expected an expression")
    }

    func testTrailingTokens() {
        check(parseError("{{ a b }}"), .syntax, line: 1, column: 6, reason: "expected the end of the '{{ }}', found 'b'")
    }

    func testUnknownAndStrayTags() {
        check(parseError("{% frobnicate %}"), .syntax, line: 1, column: 1, reason: "unknown tag 'frobnicate'")
        check(parseError("ok\n{% endfor %}"), .syntax, line: 2, column: 1, reason: "unexpected '{% endfor %}'")
        check(parseError("{% macro m() %}{% endmacro %}"), .unsupported, line: 1, column: 1, reason: "'{% macro %}' tag is not supported")
    }

    func testLoopControlOutsideALoop() {
        check(parseError("{% for x in xs %}{% endfor %}\n {% break %}"), .syntax, line: 2, column: 2, reason: "'{% break %}' outside a for loop")
    }

    func testBadCharacterAndBrackets() {
        check(parseError("{{ a ! b }}"), .syntax, line: 1, column: 6, reason: "unexpected character '!'")
        check(parseError("{{ a) }}"), .syntax, line: 1, column: 5, reason: "unexpected ')'")
    }

    // MARK: Render errors

    func testRaiseExceptionCarriesTheTemplateMessage() {
        let source = "{% if messages | length == 0 %}\n  {{ raise_exception('Need at least one message!') }}\n{% endif %}"
        check(renderError(source), .raisedByTemplate, line: 2, column: 6, reason: "Need at least one message!")
        XCTAssertEqual(renderError(source)?.reason, "Need at least one message!")
    }

    func testGemmaBuiltinRejectsNonAlternatingTurns() throws {
        let gemma = try XCTUnwrap(ChatTemplate.builtin("gemma"))
        XCTAssertThrowsError(try gemma.render(
            messages: [ChatMessage(role: "user", content: "a"), ChatMessage(role: "user", content: "b")],
            addGenerationPrompt: true, bosToken: "", eosToken: "")) { error in
            XCTAssertEqual((error as? ChatTemplateError)?.kind, .raisedByTemplate)
            XCTAssertTrue("\(error)".contains("turn 2 is user"), "\(error)")
        }
    }

    func testAttributeOfUndefinedVariable() {
        check(renderError("{{ nothing.attr }}"), .undefinedValue, line: 1, column: 11,
              reason: "'nothing' is undefined, so it has no attribute 'attr'")
    }

    func testArithmeticOnUndefinedAndWrongTypes() {
        check(renderError("{{ missing + 'x' }}"), .undefinedValue, line: 1, column: 4, reason: "'missing' is undefined")
        check(renderError("\n{{ 'a' + 1 }}"), .typeMismatch, line: 2, column: 4, reason: "unsupported operand types for +: 'str' and 'int'")
        check(renderError("{{ 1 // 0 }}"), .typeMismatch, line: 1, column: 4, reason: "division or modulo by zero")
        check(renderError("{{ 'a' < 1 }}"), .typeMismatch, line: 1, column: 4, reason: "'<' not supported")
    }

    func testCallingSomethingThatIsNotAFunction() {
        check(renderError("{{ messages() }}"), .typeMismatch, line: 1, column: 4, reason: "'list' object is not callable")
        check(renderError("{{ nope() }}"), .undefinedValue, line: 1, column: 4, reason: "'nope' is undefined, so it cannot be called")
    }

    func testSettingAttributeOnNonNamespace() {
        check(renderError("{% set d = {} %}{% set d.x = 1 %}"), .typeMismatch, line: 1, column: 17, reason: "is not a namespace() object")
    }

    func testDescriptionNamesPlaceAndReason() {
        let error = parseError("line one\n  {{ messages | shout }}")
        XCTAssertEqual(error?.description, "chat template line 2, column 17: unknown filter 'shout'")
    }
}
