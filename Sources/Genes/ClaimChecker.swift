import Foundation

/// Checks atomic claims against the offline knowledge, deterministically (no model).
///
/// Rules, per relation:
/// - `involvedIn`, `locatedIn`, `hasFunction`: the claim's words are matched (TermMatcher) to GO
///   term names of the aspect (BP, CC, MF). Supported when the gene has an annotation to a
///   matched term or to a term below it (is_a/part_of, not regulates). `involvedIn` is also
///   supported by membership of a Hallmark or Reactome set whose name matches, and any of the three
///   by a RefSeq summary sentence holding every claim word (at least two; no negation in the
///   sentence), and `involvedIn`/`hasFunction` by the HGNC approved name holding every claim word.
///   Never contradicted: GO is open-world and these files carry no NOT annotations, so a missing
///   annotation is no evidence against the claim.
/// - `memberOfPathway`: the name (or id) is matched to Hallmark and Reactome sets. Supported when
///   the gene is a member of a matched set. Contradicted only when the claim names a set exactly
///   (same words or id), the gene is a known approved gene, and it is not among that set's members:
///   a set's member list is complete for its release, so this is a positive statement.
/// - `isBiomarkerFor`, `isDrugTarget`: unverifiable; no offline source holds these facts.
/// - `cites`: a PMID or DOI is checked for form; supported only if the supplied reference library
///   holds it (which says the reference exists, not what it says), unverifiable otherwise.
public struct ClaimChecker: Sendable {
    public let knowledge: KnowledgeBase
    public let library: ReferenceLibrary
    private let goMatchers: [GOAspect: TermMatcher]
    private let setMatcher: TermMatcher
    private let sets: [String: (collection: GeneSetCollection, set: GeneSetCollection.GeneSet)]

    public init(knowledge: KnowledgeBase, library: ReferenceLibrary = ReferenceLibrary()) {
        self.knowledge = knowledge
        self.library = library
        var goMatchers: [GOAspect: TermMatcher] = [:]
        for (aspect, ontology) in knowledge.ontologies {
            // Only terms in the collapsed graph can carry annotations; the others cannot support anything.
            goMatchers[aspect] = TermMatcher(names: ontology.graphTerms.sorted().compactMap { id in
                ontology.names[id].map { (id, $0) }
            })
        }
        self.goMatchers = goMatchers
        var sets: [String: (GeneSetCollection, GeneSetCollection.GeneSet)] = [:]
        var names: [(id: String, name: String)] = []
        for collection in [knowledge.hallmark, knowledge.reactome] {
            for set in collection.sets {
                let key = collection.source + "|" + set.id
                sets[key] = (collection, set)
                names.append((key, Self.readableName(set.name)))
            }
        }
        self.sets = sets
        setMatcher = TermMatcher(names: names)
    }

    public func check(_ claim: AtomicClaim) -> ClaimVerdict {
        if case .cites(let text) = claim.relation { return checkCitation(text) }
        let resolution = knowledge.normalizer.resolve(claim.gene).mapping
        guard let gene = resolution.symbol else {
            if case .ambiguous(let candidates) = resolution {
                return .unverifiable(.ambiguousGene(claim.gene, candidates: candidates.map(\.symbol)))
            }
            return .unverifiable(.unknownGene(claim.gene))
        }
        switch claim.relation {
        case .involvedIn(let text): return checkTerm(text, aspect: .process, gene: gene, withSets: true)
        case .locatedIn(let text): return checkTerm(text, aspect: .component, gene: gene, withSets: false)
        case .hasFunction(let text): return checkTerm(text, aspect: .function, gene: gene, withSets: false)
        case .memberOfPathway(let name): return checkPathway(name, gene: gene)
        case .isBiomarkerFor: return .unverifiable(.noOfflineSource(relation: "biomarker"))
        case .isDrugTarget: return .unverifiable(.noOfflineSource(relation: "drug-target"))
        case .cites(let text): return checkCitation(text)
        }
    }

    // MARK: GO terms

    private func checkTerm(_ text: String, aspect: GOAspect, gene: String, withSets: Bool) -> ClaimVerdict {
        let terms = goMatchers[aspect]?.matches(text) ?? []
        var evidence: [Evidence] = []
        for term in terms {
            for annotated in knowledge.annotationsReaching(term.id, aspect: aspect, gene: gene) {
                let annotatedName = knowledge.ontologies[aspect]?.names[annotated] ?? annotated
                evidence.append(Evidence(
                    source: "GO \(aspect.rawValue)", id: term.id, name: term.name,
                    detail: annotated == term.id
                        ? "\(gene) is annotated to this term"
                        : "\(gene) is annotated to \(annotated) \(annotatedName), below this term"))
            }
        }
        let matchedSets = withSets ? setMatcher.matches(text) : []
        evidence += membership(gene, in: matchedSets)
        // A name says what a gene does, not where it is.
        if aspect != .component { evidence += nameEvidence(text, gene: gene) }
        evidence += summaryEvidence(text, gene: gene)
        if !evidence.isEmpty { return .supported(evidence) }
        let tried = terms.map { "\($0.id) \($0.name)" } + matchedSets.map(\.name)
        return .unverifiable(tried.isEmpty ? .noMatchingTerm(text) : .notAnnotated(terms: tried))
    }

    // MARK: Gene sets

    private func checkPathway(_ name: String, gene: String) -> ClaimVerdict {
        var matched = setMatcher.matches(name)
        for collection in [knowledge.hallmark, knowledge.reactome] {
            if let set = collection.set(named: name) ?? collection.set(named: name.replacingOccurrences(of: " ", with: "_")),
               !matched.contains(where: { $0.id == collection.source + "|" + set.id }) {
                matched.insert(TermMatcher.Match(id: collection.source + "|" + set.id, name: set.name, score: 1), at: 0)
            }
        }
        guard !matched.isEmpty else { return .unverifiable(.noMatchingTerm(name)) }
        let members = membership(gene, in: matched)
        if !members.isEmpty { return .supported(members) }
        let exact = matched.filter { $0.score == 1 }
        guard !exact.isEmpty, knowledge.entry(gene) != nil else {
            return .unverifiable(.notAnnotated(terms: matched.map(\.name)))
        }
        return .contradicted(exact.compactMap { match in
            sets[match.id].map { entry in
                Evidence(source: entry.collection.source, id: entry.set.id, name: entry.set.name,
                         detail: "\(gene) is not among its \(entry.set.genes.count) members")
            }
        })
    }

    private func membership(_ gene: String, in matches: [TermMatcher.Match]) -> [Evidence] {
        matches.compactMap { match in
            guard let entry = sets[match.id], entry.set.genes.contains(gene) else { return nil }
            return Evidence(source: entry.collection.source, id: entry.set.id, name: entry.set.name,
                            detail: "\(gene) is one of its \(entry.set.genes.count) members")
        }
    }

    /// "HALLMARK_HEME_METABOLISM" -> "heme metabolism"; Reactome names are already words.
    static func readableName(_ name: String) -> String {
        let bare = name.hasPrefix("HALLMARK_") ? String(name.dropFirst("HALLMARK_".count)) : name
        return bare.replacingOccurrences(of: "_", with: " ")
    }

    // MARK: HGNC names and summaries

    /// The approved gene name when it holds every claim word (two or more): "5-aminolevulinate
    /// synthase" in "5'-aminolevulinate synthase 2".
    private func nameEvidence(_ text: String, gene: String) -> [Evidence] {
        let claim = Set(TermMatcher.words(text))
        guard claim.count >= 2, let entry = knowledge.entry(gene), claim.isSubset(of: Set(TermMatcher.words(entry.name))) else {
            return []
        }
        return [Evidence(source: "HGNC", id: entry.id, name: entry.name, detail: "the approved name holds every word of the claim")]
    }

    /// Sentences of the gene's summary that hold every claim word (two or more) and no negation.
    private func summaryEvidence(_ text: String, gene: String) -> [Evidence] {
        let claim = Set(TermMatcher.words(text))
        guard claim.count >= 2, let summary = knowledge.summary(gene) else { return [] }
        return Self.sentences(summary).compactMap { sentence in
            let words = TermMatcher.words(sentence)
            let set = Set(words)
            guard claim.isSubset(of: set), set.isDisjoint(with: ["not", "no", "non", "without", "unlikely"]) else {
                return nil
            }
            return Evidence(source: knowledge.summaries.source, id: gene, name: sentence,
                            detail: "the sentence holds every word of the claim")
        }
    }

    static func sentences(_ text: String) -> [String] {
        var sentences: [String] = []
        var current = ""
        for char in text {
            current.append(char)
            if char == "." && current.count > 1 {
                sentences.append(current.trimmed)
                current = ""
            }
        }
        if !current.trimmed.isEmpty { sentences.append(current.trimmed) }
        return sentences
    }

    // MARK: Citations

    private func checkCitation(_ text: String) -> ClaimVerdict {
        guard let citation = Citation(text) else { return .unverifiable(.malformedCitation(text)) }
        guard library.contains(citation) else { return .unverifiable(.citationNotInLibrary(citation.description)) }
        return .supported([Evidence(source: "reference library", id: citation.description, name: citation.description,
                                    detail: "the reference is in the supplied library; its content is not checked")])
    }
}
