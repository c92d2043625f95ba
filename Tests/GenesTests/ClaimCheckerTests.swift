import Support
import XCTest
@testable import Genes

/// Claim checking on the committed A37 subset (so CI runs it); every expected verdict is written
/// next to its claim.
final class ClaimCheckerTests: XCTestCase {
    private static let checker: Result<ClaimChecker, Error> = Result {
        ClaimChecker(knowledge: try KnowledgeBase(directory: TestData.subset),
                     library: try ReferenceLibrary(["PMID:37858219", "10.1038/s41467-021-24584-w"]))
    }

    private func verdict(_ gene: String, _ relation: AtomicClaim.Relation) throws -> ClaimVerdict {
        try Self.checker.get().check(AtomicClaim(gene: gene, relation: relation))
    }

    func testProcessClaimSupportedThroughADescendantTerm() throws {
        // ALAS2 is annotated to GO:0006782 protoporphyrinogen IX biosynthetic process, below
        // GO:0006783 heme biosynthetic process.
        guard case .supported(let rows) = try verdict("ALAS2", .involvedIn(process: "haem biosynthesis")) else {
            return XCTFail("expected supported")
        }
        XCTAssertTrue(rows.contains(Evidence(
            source: "GO BP", id: "GO:0006783", name: "heme biosynthetic process",
            detail: "ALAS2 is annotated to GO:0006782 protoporphyrinogen IX biosynthetic process, below this term")))
        XCTAssertTrue(rows.contains { $0.source == "Reactome 2021-10" && $0.id == "R-HSA-189451" })
    }

    func testSetNamesSupportProcessClaims() throws {
        guard case .supported(let rows) = try verdict("SLC4A1", .involvedIn(process: "heme metabolism")) else {
            return XCTFail("expected supported")
        }
        XCTAssertTrue(rows.contains { $0.id == "HALLMARK_HEME_METABOLISM" && $0.source == "MSigDB Hallmark v7.5.1" })
    }

    func testOpenWorldAbsenceIsUnverifiableNotContradicted() throws {
        XCTAssertEqual(try verdict("ALAS2", .involvedIn(process: "T cell receptor signaling pathway")),
                       .unverifiable(.notAnnotated(terms: ["GO:0050852 T cell receptor signaling pathway"])))
        XCTAssertEqual(try verdict("ALAS2", .involvedIn(process: "regulation of heme biosynthesis")).name, "unverifiable")
        XCTAssertEqual(try verdict("ALAS2", .involvedIn(process: "quantum entanglement")),
                       .unverifiable(.noMatchingTerm("quantum entanglement")))
    }

    func testComponentAndFunctionClaims() throws {
        XCTAssertEqual(try verdict("ALAS2", .locatedIn(component: "mitochondrial matrix")).name, "supported")
        XCTAssertEqual(try verdict("ALAS2", .hasFunction(function: "pyridoxal phosphate binding")).name, "supported")
        guard case .supported(let rows) = try verdict("ALAS2", .hasFunction(function: "5-aminolevulinate synthase activity")) else {
            return XCTFail("expected supported")
        }
        XCTAssertTrue(rows.contains(Evidence(source: "HGNC", id: "HGNC:397", name: "5'-aminolevulinate synthase 2",
                                             detail: "the approved name holds every word of the claim")))
    }

    func testPathwayMembershipCanBeContradictedOnlyForAnExactlyNamedSet() throws {
        XCTAssertEqual(try verdict("ALAS2", .memberOfPathway(name: "HALLMARK_HEME_METABOLISM")).name, "supported")
        XCTAssertEqual(try verdict("ALAS2", .memberOfPathway(name: "R-HSA-189451")).name, "supported")
        guard case .contradicted(let rows) = try verdict("ALAS2", .memberOfPathway(name: "Hallmark interferon gamma response")) else {
            return XCTFail("expected contradicted")
        }
        XCTAssertEqual(rows, [Evidence(source: "MSigDB Hallmark v7.5.1", id: "HALLMARK_INTERFERON_GAMMA_RESPONSE",
                                       name: "HALLMARK_INTERFERON_GAMMA_RESPONSE", detail: "ALAS2 is not among its 200 members")])
        XCTAssertEqual(try verdict("ALAS2", .memberOfPathway(name: "the glorious pathway")),
                       .unverifiable(.noMatchingTerm("the glorious pathway")))
    }

    func testGeneIsMappedThroughHGNCFirst() throws {
        // FAM46C is TENT5C's previous symbol; 8-Mar is MARCHF8 (Hallmark heme metabolism member).
        XCTAssertEqual(try verdict("8-Mar", .memberOfPathway(name: "HALLMARK_HEME_METABOLISM")).name, "supported")
        XCTAssertEqual(try verdict("LOC653907", .involvedIn(process: "heme biosynthesis")),
                       .unverifiable(.unknownGene("LOC653907")))
        // ASP is an alias of seven genes: flagged, not guessed.
        guard case .unverifiable(.ambiguousGene("ASP", let candidates)) = try verdict("ASP", .involvedIn(process: "heme biosynthesis")) else {
            return XCTFail("expected an ambiguous gene")
        }
        XCTAssertEqual(Set(candidates), ["A1CF", "ASPM", "ROPN1L", "ASIP", "ASPA", "TMPRSS11D", "ATG5"])
    }

    func testBiomarkerAndDrugTargetClaimsAreNeverSupported() throws {
        XCTAssertEqual(try verdict("BCL2L1", .isDrugTarget("navitoclax")), .unverifiable(.noOfflineSource(relation: "drug-target")))
        XCTAssertEqual(try verdict("ALAS2", .isBiomarkerFor("sideroblastic anemia")), .unverifiable(.noOfflineSource(relation: "biomarker")))
    }

    func testCitationsAreCheckedForFormAndAgainstTheLibrary() throws {
        XCTAssertEqual(try verdict("ALAS2", .cites("PMID: 37858219")).name, "supported")
        XCTAssertEqual(try verdict("ALAS2", .cites("https://doi.org/10.1038/S41467-021-24584-W")).name, "supported")
        XCTAssertEqual(try verdict("ALAS2", .cites("12345")), .unverifiable(.citationNotInLibrary("PMID:12345")))
        XCTAssertEqual(try verdict("ALAS2", .cites("doi:10.1/x")), .unverifiable(.malformedCitation("doi:10.1/x")))
        XCTAssertEqual(try verdict("ALAS2", .cites("Smith et al. 2020")), .unverifiable(.malformedCitation("Smith et al. 2020")))
        XCTAssertNil(Citation("012345"))
        XCTAssertNil(Citation("123456789"))
        XCTAssertEqual(Citation("10.1186/s12967-023-04576-8"), .doi("10.1186/s12967-023-04576-8"))
        XCTAssertEqual(genesError { try ReferenceLibrary(["PMID:1", "nonsense"]) }?.line, 2)
    }

    func testTermMatcherRule() {
        XCTAssertEqual(TermMatcher.words("Haem biosynthesis in erythrocytes"), ["heme", "biosynthetic", "erythrocyte"])
        let matcher = TermMatcher(names: [("GO:1", "heme biosynthetic process"), ("GO:2", "regulation of heme biosynthetic process"),
                                          ("GO:3", "heme"), ("GO:4", "oxygen transport")])
        XCTAssertEqual(matcher.matches("heme biosynthesis").map(\.id), ["GO:1"])
        XCTAssertEqual(matcher.matches("heme biosynthesis in erythroid cells").map(\.id), ["GO:1"])
        XCTAssertEqual(matcher.matches("heme biosynthesis in erythroid cells").first?.score, 0.5)
        XCTAssertEqual(matcher.matches("negative regulation of heme biosynthesis").map(\.id), [])
        XCTAssertEqual(matcher.matches("heme").map(\.id), ["GO:3"])
        XCTAssertEqual(matcher.matches("transport of oxygen in blood by red cells").map(\.id), [])
        XCTAssertEqual(matcher.matches("oxygen transport").map(\.id), ["GO:4"])
    }

    func testClaimsParseFromTheSplitterAnswerWithPaths() throws {
        let answer = try JSONValue(parsing: """
            {"claims": [{"gene": "ALAS2", "relation": "involved_in", "object": "heme biosynthesis", "quote": "ALAS2 drives heme synthesis"},
                        {"gene": "ALAS2", "relation": "cites", "object": "PMID:37858219"}]}
            """)
        let claims = try AtomicClaim.list(from: answer)
        XCTAssertEqual(claims, [AtomicClaim(gene: "ALAS2", relation: .involvedIn(process: "heme biosynthesis"), quote: "ALAS2 drives heme synthesis"),
                                AtomicClaim(gene: "ALAS2", relation: .cites("PMID:37858219"))])
        XCTAssertEqual(try AtomicClaim(json: claims[0].jsonValue), claims[0])
        let bad = try JSONValue(parsing: #"{"claims": [{"gene": "A", "relation": "causes", "object": "x"}]}"#)
        XCTAssertEqual(genesError { try AtomicClaim.list(from: bad) }?.reason,
                       "$.claims[0].relation: unknown relation \"causes\" (known: involved_in, located_in, has_function, member_of_pathway, is_biomarker_for, is_drug_target, cites)")
        let empty = try JSONValue(parsing: #"{"claims": [{"gene": "A", "relation": "cites", "object": " "}]}"#)
        XCTAssertEqual(genesError { try AtomicClaim.list(from: empty) }?.reason, "$.claims[0].object: expected a non-empty string, found string")
    }

    func testVerdictsSerialize() throws {
        let verdict = try verdict("ALAS2", .cites("PMID:37858219"))
        XCTAssertEqual(verdict.jsonValue.canonicalText, """
            {"evidence":[{"detail":"the reference is in the supplied library; its content is not checked",\
            "id":"PMID:37858219","name":"PMID:37858219","source":"reference library"}],"verdict":"supported"}
            """)
    }
}

final class JustificationCheckTests: XCTestCase {
    func testFlagRule() throws {
        let checker = ClaimChecker(knowledge: try KnowledgeBase(directory: TestData.subset))
        let supported = AtomicClaim(gene: "ALAS2", relation: .involvedIn(process: "heme biosynthesis"))
        let unverifiable = AtomicClaim(gene: "ALAS2", relation: .isBiomarkerFor("anemia"))
        let contradicted = AtomicClaim(gene: "ALAS2", relation: .memberOfPathway(name: "HALLMARK_INTERFERON_GAMMA_RESPONSE"))
        XCTAssertNil(JustificationCheck(claims: [supported, unverifiable], checker: checker).flag)
        XCTAssertEqual(JustificationCheck(claims: [unverifiable], checker: checker).flag, .nothingSupported)
        XCTAssertEqual(JustificationCheck(claims: [supported, contradicted], checker: checker).flag, .contradicted)
        XCTAssertEqual(JustificationCheck(claims: [], checker: checker).flag, .noClaims)
        let json = JustificationCheck(claims: [supported, unverifiable], checker: checker).jsonValue
        XCTAssertEqual(json["claims"]?[1]?["verdict"], .string("unverifiable"))
        XCTAssertEqual(json["claims"]?[1]?["reason"], .string("no offline source for biomarker claims"))
        XCTAssertEqual(json["supported"], .number(1))
        XCTAssertEqual(json["flag"], .null)
    }
}
