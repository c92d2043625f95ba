import Foundation
import Support
import Workflow
import XCTest

final class TemplateTests: XCTestCase {
    let context: [String: JSONValue] = [
        "patient": ["age": 61, "sex": "female", "diagnosis": "lung adenocarcinoma"],
        "genes": [["symbol": "EGFR", "score": 0.9], ["symbol": "KRAS", "score": 0.4]],
        "drugs": ["osimertinib", "erlotinib"],
        "empty": [],
        "note": .null,
    ]

    func render(_ source: String) throws -> String {
        try Template(source: source, name: "t.txt").render(context)
    }

    func testVariablesFiltersAndMembers() throws {
        XCTAssertEqual(try render("{{ patient.age }} y, {{ patient.sex | upper }}"), "61 y, FEMALE")
        XCTAssertEqual(try render("{{ genes[1].symbol }} {{ genes[0]['score'] }}"), "KRAS 0.9")
        XCTAssertEqual(try render(#"{{ drugs | join(", ") }}"#), "osimertinib, erlotinib")
        XCTAssertEqual(try render("{{ drugs | json }}"), #"["osimertinib","erlotinib"]"#)
        XCTAssertEqual(try render("{{ genes[0] | json }}"), #"{"score":0.9,"symbol":"EGFR"}"#)
        XCTAssertEqual(try render("{{ drugs | length }}/{{ patient.diagnosis | length }}"), "2/19")
        XCTAssertEqual(try render(#"{{ missing | default("none") }} {{ note | default("n/a") }} {{ patient.stage | default(0) }}"#), "none n/a 0")
        XCTAssertEqual(try render(#"{{ "a\"b" }}{{ 'c' }}{{ -2.5 }}{{ true }}"#), #"a"bc-2.5true"#)
    }

    func testLoopsAndConditionsLeaveNoBlankLines() throws {
        let source = """
        Candidates:
        {% for gene in genes %}
          {% if loop.first %}
        * {{ loop.index }}. {{ gene.symbol }} (top)
          {% elif gene.score == 0.4 and not loop.first %}
        * {{ loop.index }}/{{ loop.length }}. {{ gene.symbol }}
          {% else %}
        never
          {% endif %}
        {% endfor %}
        {# a comment is dropped #}
        {% if empty or note %}non-empty{% else %}nothing{% endif %}
        {% if patient.sex != "male" %}ok{% endif %}
        """
        XCTAssertEqual(try render(source), "Candidates:\n* 1. EGFR (top)\n* 2/2. KRAS\nnothing\nok")
    }

    func testDashTrimsWhitespace() throws {
        XCTAssertEqual(try render("a   {{- patient.age -}}   b"), "a61b")
        XCTAssertEqual(try render("x \n {%- if true -%} \n y {%- endif %}"), "xy")
        XCTAssertEqual(try render("a \n{#- note -#}\n b"), "ab")
        XCTAssertEqual(try render(#"{{ "{{" }} x {{ "}}" }} {"json": 1}"#), #"{{ x }} {"json": 1}"#)
    }

    /// Each row: template source, the error text expected (file:line:column: reason prefix).
    func testErrorsNameLineAndColumn() {
        let rows: [(String, String)] = [
            ("Hello\n  {{ patient.age | uppr }}", "t.txt:2:20: unknown filter \"uppr\""),
            ("{% for g in genes %}\n{{ g }}", "t.txt:1:1: {% for %} is never closed with {% endfor %}"),
            ("{% if x %}a{% endfor %}", "t.txt:1:12: {% endfor %} inside {% if %}"),
            ("a\n{% endif %}", "t.txt:2:1: {% endif %} has no matching opening tag"),
            ("{{ a b }}", "t.txt:1:6: unexpected \"b\" after the expression"),
            ("{{ a | join(1, 2) }}", "t.txt:1:8: filter \"join\" takes 0 to 1 arguments, found 2"),
            ("{{ a | default }}", "t.txt:1:8: filter \"default\" takes 1 argument, found 0"),
            ("x {{ a", "t.txt:1:3: tag is never closed with }}"),
            ("{# never closed", "t.txt:1:1: comment opened with {# is never closed with #}"),
            ("{% while x %}", "t.txt:1:1: unknown statement \"while\""),
            ("{% else x %}", "t.txt:1:1: {% else %} has no matching opening tag"),
            ("{{ 'abc }}", "t.txt:1:4: string is not closed on its line"),
            ("{{ a ; }}", "t.txt:1:6: unexpected character ';'"),
            ("{% for loop in genes %}{% endfor %}", "t.txt:1:8: \"loop\" is reserved"),
        ]
        for (source, expected) in rows {
            XCTAssertThrowsError(try Template(source: source, name: "t.txt"), source) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(source)\n  got:      \(error)\n  expected: \(expected)")
            }
        }
    }

    /// Rendering is strict: each row renders a parsed template and expects this error.
    func testRenderErrorsNameTheVariable() throws {
        let rows: [(String, String)] = [
            ("Dear {{ patinet.age }}", "t.txt:1:9: undefined variable \"patinet\""),
            ("\n{{ patient.stage }}", "t.txt:2:12: patient has no key \"stage\" (keys: age, diagnosis, sex)"),
            ("{{ genes[5].symbol }}", "t.txt:1:10: genes has 2 items, so it has no item [5]"),
            ("{{ drugs }}", "t.txt:1:1: drugs is array, which has no text form; use | json"),
            ("{{ note }}", "t.txt:1:1: note is null, which has no text form; use | default"),
            ("{% for d in patient %}{% endfor %}", "t.txt:1:1: for loop over patient needs a list, found object"),
            ("{{ patient.age.value }}", "t.txt:1:16: patient.age is number, so it has no key \"value\""),
            ("{{ genes | join(\", \") }}", "t.txt:1:12: genes | join(\", \"): join needs a list of strings, numbers or booleans; item 0 is object"),
            ("{{ patient | upper }}", "t.txt:1:14: patient | upper: upper needs a string, found object"),
        ]
        for (source, expected) in rows {
            let template = try Template(source: source, name: "t.txt")
            XCTAssertThrowsError(try template.render(context), source) { error in
                XCTAssertTrue("\(error)".hasPrefix(expected), "\(source)\n  got:      \(error)\n  expected: \(expected)")
            }
        }
    }

    func testFreeVariablesExcludeLoopVariables() throws {
        let template = try Template(source: "{{ a }}\n{% for x in items %}{{ x.name }}{{ loop.index }}{{ b | default(1) }}{% endfor %}{% if c == d %}{% endif %}", name: "t.txt")
        XCTAssertEqual(Set(template.freeVariables.keys), ["a", "items", "b", "c", "d"])
        XCTAssertEqual(template.freeVariables["items"], TextLocation(line: 2, column: 13))
    }

    func testIdentityIsTheSHA256OfTheBytes() throws {
        // FIPS 180-2 test vectors.
        XCTAssertEqual(ContentHash.sha256Hex(Data("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(ContentHash.sha256Hex(Data()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(ContentHash.sha256Hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let a = try Template(source: "{{ x }}", name: "a")
        let b = try Template(source: "{{ x }} ", name: "a")
        XCTAssertEqual(a.sha256, ContentHash.sha256Hex(Data("{{ x }}".utf8)))
        XCTAssertNotEqual(a.sha256, b.sha256)
    }

    func testInvalidUTF8IsRejectedWithItsPlace() {
        XCTAssertThrowsError(try Template(source: Data([0x61, 0x0A, 0x62, 0xFF]), name: "bin.txt")) { error in
            XCTAssertEqual("\(error)", "bin.txt:2:2: the file is not valid UTF-8")
        }
    }
}
