import Foundation
@testable import Oncology
import XCTest

/// Uses Benchmarks/tumorboard/drugbank-subset.csv (rows of the DrugBank open vocabulary, CC0,
/// chosen by make_drugbank_subset.py) and the project's drug-aliases.tsv.
final class DrugNormalizationTests: XCTestCase {
    static let aliasPath = RepositoryFiles.tumorboard.appendingPathComponent("drug-aliases.tsv").path
    static let subsetPath = RepositoryFiles.tumorboard.appendingPathComponent("drugbank-subset.csv").path

    func normalizer(aliases: Bool = true) throws -> DrugNormalizer {
        DrugNormalizer(vocabulary: try DrugVocabulary(drugBankCSV: Self.subsetPath),
                       aliases: aliases ? try DrugAliasTable(path: Self.aliasPath) : .empty)
    }

    func testNamesSynonymsCodeNamesSaltsAndSpellingsMeetOnOneDrug() throws {
        let n = try normalizer()
        let sotorasib = n.resolve("sotorasib")
        XCTAssertEqual(sotorasib.component, .drug(DrugID("DB15569")))
        XCTAssertEqual(sotorasib.route, .vocabularyName)
        for (text, route) in [("AMG 510", DrugNormalizer.Route.alias), ("amg-510", .alias), ("Sotorasib", .vocabularyName)] {
            let r = n.resolve(text)
            XCTAssertEqual(r.component, sotorasib.component, text)
            XCTAssertEqual(r.route, route, text)
        }
        XCTAssertEqual(n.resolve("MRTX849").component, n.resolve("adagrasib").component)
        XCTAssertEqual(n.resolve("Mereletinib").route, .vocabularySynonym, "a DrugBank synonym of osimertinib")
        XCTAssertEqual(n.resolve("Mereletinib").component, n.resolve("osimertinib").component)
        XCTAssertEqual(n.resolve("imatinib mesylate").route, .saltStripped)
        XCTAssertEqual(n.resolve("imatinib mesylate").component, n.resolve("imatinib").component)
        XCTAssertEqual(n.resolve("palbocicilib").component, n.resolve("palbociclib").component)
        XCTAssertEqual(n.resolve("trastuzumab-deruxtecan").component, n.resolve("Trastuzumab deruxtecan").component, "hyphen or space")
        XCTAssertEqual(n.resolve("cddo-me").component, n.resolve("bardoxolone methyl").component)
    }

    func testCombinationsAreSetsAndClassesStayClasses() throws {
        let n = try normalizer()
        XCTAssertEqual(n.therapy("osimertinib and savoltinib"), n.therapy("Savolitinib + Osimertinib"))
        XCTAssertEqual(n.therapy("osimertinib and savoltinib").count, 2)
        XCTAssertEqual(n.therapy("binimetinib and hcq and bevacizumab"), n.therapy("bevacizumab, binimetinib, hydroxychloroquine"))
        XCTAssertEqual(n.therapy("gemcitabine – cisplatin combination"), n.therapy("cisplatin and gemcitabine"))
        XCTAssertEqual(n.therapy("ars-3248/jnj-74699157").count, 1, "two names of one drug")
        XCTAssertEqual(n.therapy("PARP inhibitors"), [.drugClass("parp inhibitor")])
        XCTAssertNotEqual(n.therapy("PARP inhibitors"), n.therapy("olaparib"), "a class is not one of its drugs")
        XCTAssertEqual(n.therapy("surgery"), [.procedure("surgery")])
        XCTAssertEqual(n.therapy("Pertuzumab emtansine"), [.unresolved("pertuzumab emtansine")], "no such drug: kept as text")
        // A drug name containing a separator word resolves whole before it is split.
        XCTAssertEqual(n.resolveOption("ado-trastuzumab emtansine").count, 1)
    }

    func testAliasTableErrorsNameTheLine() {
        XCTAssertThrowsError(try DrugAliasTable(text: "alias\ttarget\tkind\tnote\nx\ty\tnickname\tz\n", source: "a.tsv")) {
            XCTAssertEqual("\($0)", "a.tsv: line 2, column kind: expected one of code, spelling, brand, abbreviation, class, procedure, found \"nickname\"")
        }
        XCTAssertThrowsError(try DrugAliasTable(text: "alias\ttarget\tkind\tnote\nAMG 510\tsotorasib\tcode\t\namg-510\tx\tcode\t\n", source: "a.tsv")) {
            XCTAssertEqual("\($0)", "a.tsv: line 3, column alias: \"amg-510\" repeats the alias of line 2")
        }
        XCTAssertThrowsError(try DrugVocabulary(table: CSVTable(text: "id,name\nDB1,x\n", source: "v.csv"))) {
            XCTAssertEqual("\($0)", "v.csv: line 1: missing columns DrugBank ID, Common name, Synonyms (header: id, name)")
        }
    }

    /// Every alias target of kind code/spelling/brand/abbreviation that DrugBank knows resolves to a
    /// DrugBank id; the rest are listed here on purpose (too new for the vocabulary).
    func testAliasTargetsResolve() throws {
        let n = try normalizer()
        let aliases = try DrugAliasTable(path: Self.aliasPath)
        var byName: [String] = []
        for entry in aliases.entries where [.code, .spelling, .brand, .abbreviation].contains(entry.kind) {
            if case .drug(let id) = n.resolve(entry.alias).component, id.value.hasPrefix("name:") { byName.append(entry.target) }
        }
        XCTAssertEqual(byName.sorted(), [], "alias targets missing from DrugBank")
    }

    /// Coverage of the 316 distinct option texts in Benary et al.'s RecommendationsClean.csv.
    func testCoverageOfBenaryOptions() throws {
        let options = try BenaryRecommendations.read(path: RepositoryFiles.benary("RecommendationsClean.csv")).map(\.option)
        let vocabularyOnly = DrugCoverage(options: options, normalizer: try normalizer(aliases: false))
        let withAliases = DrugCoverage(options: options, normalizer: try normalizer())
        print("drug coverage, vocabulary only: names \(vocabularyOnly.names - vocabularyOnly.unresolvedNames.count)/\(vocabularyOnly.names), options \(vocabularyOnly.optionsResolved)/\(vocabularyOnly.options)")
        print("drug coverage, with aliases: names \(withAliases.names - withAliases.unresolvedNames.count)/\(withAliases.names), options \(withAliases.optionsResolved)/\(withAliases.options) (all drugs \(withAliases.optionsAllDrugs))")
        print("unresolved: \(withAliases.unresolvedNames.joined(separator: "; "))")
        // Measured when the alias table was written (Benchmarks/tumorboard/README.md); an edit of
        // the table updates these.
        XCTAssertEqual([vocabularyOnly.options, vocabularyOnly.optionsResolved, vocabularyOnly.names,
                        vocabularyOnly.names - vocabularyOnly.unresolvedNames.count], [316, 202, 284, 171])
        XCTAssertEqual([withAliases.optionsResolved, withAliases.optionsAllDrugs, withAliases.names - withAliases.unresolvedNames.count],
                       [271, 240, 237])
        XCTAssertTrue(withAliases.unresolvedNames.contains("shp099"), "tool compounds without an INN stay unresolved")
    }

    /// The committed subset resolves Benary's options exactly as the full vocabulary does (run
    /// where the shared data folder exists; skipped in CI).
    func testSubsetEqualsTheFullVocabularyOnBenaryOptions() throws {
        let full = RepositoryFiles.sharedKB.appendingPathComponent("drugbank_open_vocabulary/drugbank_vocabulary.csv").path
        guard FileManager.default.fileExists(atPath: full) else { throw XCTSkip("no shared DrugBank vocabulary at \(full)") }
        let options = try BenaryRecommendations.read(path: RepositoryFiles.benary("RecommendationsClean.csv")).map(\.option)
        let aliases = try DrugAliasTable(path: Self.aliasPath)
        let whole = DrugNormalizer(vocabulary: try DrugVocabulary(drugBankCSV: full), aliases: aliases)
        XCTAssertGreaterThan(whole.vocabulary.count, 19_000)
        let subset = try normalizer()
        for option in Set(options) {
            XCTAssertEqual(subset.resolveOption(option), whole.resolveOption(option), option)
        }
        XCTAssertEqual(DrugCoverage(options: options, normalizer: subset), DrugCoverage(options: options, normalizer: whole))
    }
}
