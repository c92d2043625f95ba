@testable import ConsiliumCLI
import XCTest

/// The REPL's line editor and the decoding of a terminal's key bytes (VT100/xterm sequences).
final class LineEditorTests: XCTestCase {
    func keys(_ text: String) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(Array(text.utf8))
    }

    /// Applies every key; returns the outcomes other than `.editing`.
    @discardableResult
    func type(_ text: String, into editor: inout LineEditor) -> [LineEditor.Outcome] {
        keys(text).map { editor.apply($0) }.filter { $0 != .editing }
    }

    // MARK: Decoding

    func testBytesBecomeKeys() {
        XCTAssertEqual(keys("a\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D"), [.character("a"), .up, .down, .right, .left])
        XCTAssertEqual(keys("\u{1B}[H\u{1B}[F\u{1B}OH\u{1B}OF\u{1B}[1~\u{1B}[4~\u{1B}[3~"), [.home, .end, .home, .end, .home, .end, .delete])
        XCTAssertEqual(keys("\u{7F}\u{08}\t\r\n"), [.backspace, .backspace, .tab, .enter, .enter])
        XCTAssertEqual(keys("\u{01}\u{05}\u{03}\u{04}\u{0B}\u{15}\u{17}\u{10}\u{0E}"),
                       [.home, .end, .interrupt, .endOfInput, .killToEnd, .killToStart, .killWord, .up, .down])
        XCTAssertEqual(keys("é→"), [.character("é"), .character("→")])
        XCTAssertEqual(keys("\u{1B}[1;5C"), [.right], "a modified arrow is still the arrow")
        XCTAssertEqual(keys("\u{1B}[200~x"), [.character("x")], "an unknown sequence is dropped whole")
    }

    func testASequenceSplitAcrossReadsIsCompletedByTheNext() {
        var decoder = KeyDecoder()
        XCTAssertEqual(decoder.feed([0x1B]), [])
        XCTAssertEqual(decoder.feed(Array("[".utf8)), [])
        XCTAssertEqual(decoder.feed(Array("Dz".utf8)), [.left, .character("z")])
        let arrow = Array("→".utf8)
        XCTAssertEqual(decoder.feed(Array(arrow.prefix(2))), [])
        XCTAssertEqual(decoder.feed(Array(arrow.dropFirst(2))), [.character("→")])
        XCTAssertEqual(decoder.feed([0xFF, 0x41]), [.character("A")], "an invalid byte is dropped alone")
    }

    // MARK: Editing

    func testCursorMovesAndEditsInTheMiddle() {
        var editor = LineEditor()
        type("/set max_tokenz 5", into: &editor)
        type("\u{1B}[D\u{1B}[D\u{7F}s", into: &editor)  // two left, backspace the z, type s
        XCTAssertEqual(editor.line, "/set max_tokens 5")
        XCTAssertEqual(editor.cursor, 15)
        type("\u{01}x\u{05}!", into: &editor)  // Home, x, End, !
        XCTAssertEqual(editor.line, "x/set max_tokens 5!")
        type("\u{01}\u{1B}[3~", into: &editor)  // Home, Delete
        XCTAssertEqual(editor.line, "/set max_tokens 5!")
        type("\u{05}\u{17}", into: &editor)  // End, then Ctrl-W removes the last word
        XCTAssertEqual(editor.line, "/set max_tokens ")
        type("\u{1B}[D\u{1B}[D\u{0B}", into: &editor)  // Ctrl-K kills to the end
        XCTAssertEqual(editor.line, "/set max_token")
        type("\u{15}", into: &editor)  // Ctrl-U kills to the start
        XCTAssertEqual(editor.line, "")
        XCTAssertEqual(editor.render(prompt: "> "), "\r> \u{1B}[K")
        type("abc\u{1B}[D", into: &editor)
        XCTAssertEqual(editor.render(prompt: "> "), "\r> abc\u{1B}[K\u{1B}[1D", "the cursor goes back one column")
    }

    func testEnterSubmitsAndHistoryBrowsesBackToTheDraft() {
        var editor = LineEditor()
        XCTAssertEqual(type("first\r", into: &editor), [.submit("first")])
        XCTAssertEqual(type("second\r", into: &editor), [.submit("second")])
        XCTAssertEqual(type("second\r   \r", into: &editor), [.submit("second"), .submit("   ")])
        XCTAssertEqual(editor.history, ["first", "second"], "blank lines and repeats are not kept")

        type("dra", into: &editor)
        type("\u{1B}[A", into: &editor)
        XCTAssertEqual(editor.line, "second")
        type("\u{1B}[A\u{1B}[A", into: &editor)
        XCTAssertEqual(editor.line, "first", "up stops at the oldest line")
        type("\u{1B}[B", into: &editor)
        XCTAssertEqual(editor.line, "second")
        type("\u{1B}[B", into: &editor)
        XCTAssertEqual(editor.line, "dra", "down past the newest returns to the unfinished line")
        XCTAssertEqual(type("\u{1B}[A!\r", into: &editor), [.submit("second!")], "a recalled line can be edited")
    }

    func testCtrlCAndCtrlD() {
        var editor = LineEditor()
        XCTAssertEqual(type("some text\u{03}", into: &editor), [.discarded])
        XCTAssertEqual(editor.line, "")
        XCTAssertEqual(type("\u{03}", into: &editor), [.interrupt])
        XCTAssertEqual(type("ab\u{01}\u{04}", into: &editor), [], "Ctrl-D on text deletes the character under the cursor")
        XCTAssertEqual(editor.line, "b")
        type("\u{05}\u{15}", into: &editor)
        XCTAssertEqual(type("\u{04}", into: &editor), [.endOfInput])
    }

    func testTabCompletesCommandsSettingsAndHelpTopics() {
        var editor = LineEditor()
        type("/hist\t", into: &editor)
        XCTAssertEqual(editor.line, "/history ")
        type("\u{15}/set ma\t", into: &editor)
        XCTAssertEqual(editor.line, "/set max_tokens ")
        type("\u{15}/set t\t", into: &editor)
        XCTAssertEqual(editor.line, "/set t", "temperature, top_p and top_k share only the t")
        XCTAssertEqual(type("\t", into: &editor), [.candidates(["/set temperature", "/set top_p", "/set top_k"])])
        type("\u{15}/s\t", into: &editor)
        XCTAssertEqual(editor.line, "/s", "set, settings, schema, save")
        type("\u{15}/sch\t", into: &editor)
        XCTAssertEqual(editor.line, "/schema ")
        type("\u{15}/rerun 3f2a assess 0 temp\t", into: &editor)
        XCTAssertEqual(editor.line, "/rerun 3f2a assess 0 temperature=", "the value follows the = directly")
        type("\u{15}/help se\t", into: &editor)
        XCTAssertEqual(editor.line, "/help set", "/set and /settings: narrowed to the common prefix")
        XCTAssertEqual(type("\u{15}/help re\t", into: &editor), [.candidates(["/help reset", "/help retry", "/help rerun"])])
        type("\u{15}hello\t", into: &editor)
        XCTAssertEqual(editor.line, "hello", "messages are not completed")
    }
}
