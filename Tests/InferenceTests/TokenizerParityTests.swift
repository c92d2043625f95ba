import XCTest
@testable import Inference

/// Token ids equal llama.cpp's for the three test models: 22 probe strings three ways, and every reference prompt.
final class TokenizerParityTests: XCTestCase {
    func testProbeStringsMatchLlamaCpp() throws {
        for model in TokenizerFixtures.models {
            let tokenizer = try TokenizerFixtures.tokenizer(model)
            let probes = try TokenizerFixtures.probes(model)
            XCTAssertEqual(probes.count, 22, model)
            for probe in probes {
                let text = probe.text.debugDescription
                XCTAssertEqual(tokenizer.encode(probe.text), probe.ids_default, "\(model) default: \(text)")
                XCTAssertEqual(tokenizer.encode(probe.text, addBOS: false), probe.ids_no_bos, "\(model) no BOS: \(text)")
                XCTAssertEqual(tokenizer.encode(probe.text, addBOS: false, parseSpecial: false), probe.ids_no_parse_special,
                               "\(model) no special parsing: \(text)")
            }
        }
    }

    func testReferencePromptsMatchLlamaCpp() throws {
        for model in TokenizerFixtures.models {
            let tokenizer = try TokenizerFixtures.tokenizer(model)
            let prompts = try TokenizerFixtures.prompts(model)
            XCTAssertEqual(prompts.count, 9, model)
            for prompt in prompts {
                let ids = tokenizer.encode(prompt.prompt_text, addBOS: prompt.add_special ? nil : false,
                                           parseSpecial: prompt.parse_special)
                XCTAssertEqual(ids, prompt.prompt_ids, "\(model) \(prompt.name)")
            }
        }
    }

    func testRandomStringsMatchLlamaCpp() throws {
        for model in TokenizerFixtures.models {
            let tokenizer = try TokenizerFixtures.tokenizer(model)
            let cases = try TokenizerFixtures.fuzzCases(model)
            XCTAssertEqual(cases.count, 250, model)
            for fuzz in cases {
                let text = fuzz.text.debugDescription
                XCTAssertEqual(tokenizer.encode(fuzz.text), fuzz.ids_special, "\(model) special: \(text)")
                XCTAssertEqual(tokenizer.encode(fuzz.text, addBOS: false, parseSpecial: false), fuzz.ids_plain,
                               "\(model) plain: \(text)")
            }
        }
    }
}
