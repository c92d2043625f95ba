import Foundation

/// Turns option text ("osimertinib and savoltinib", "AMG 510", "imatinib mesylate", "PARP
/// inhibitors") into a set of normalized therapy components: a combination is a set, so "A and B"
/// and "B + A" are the same therapy.
///
/// Order of resolution for one name: the alias table (code names, misspellings, brands, classes),
/// the vocabulary's common names, its synonyms, then the name without a salt word ("mesylate").
/// A name that none of these resolves stays as its tidied text: it can still equal the same text.
public struct DrugNormalizer: Sendable {
    public let vocabulary: DrugVocabulary
    public let aliases: DrugAliasTable

    public init(vocabulary: DrugVocabulary, aliases: DrugAliasTable) {
        self.vocabulary = vocabulary
        self.aliases = aliases
    }

    /// How one name resolved.
    public enum Route: String, Sendable, CaseIterable {
        case vocabularyName, vocabularySynonym, alias, saltStripped, aliasClass, aliasProcedure, unresolved, ambiguous
    }

    /// One normalized component of a therapy.
    public enum Component: Hashable, Comparable, Sendable, CustomStringConvertible {
        case drug(DrugID)
        /// A class ("parp inhibitor"), lower case.
        case drugClass(String)
        /// Not a drug ("surgery").
        case procedure(String)
        /// Text no source resolved, tidied (lower case, single spaces).
        case unresolved(String)

        public var description: String {
            switch self {
            case .drug(let id): return id.value
            case .drugClass(let name): return "class:\(name)"
            case .procedure(let name): return "procedure:\(name)"
            case .unresolved(let text): return "text:\(text)"
            }
        }

        public static func < (a: Component, b: Component) -> Bool { a.description < b.description }
    }

    public struct Resolution: Equatable, Sendable {
        public let text: String
        public let component: Component
        public let route: Route
        /// A display name: DrugBank's common name, the alias target, or the text.
        public let name: String
    }

    /// Words that name a salt or ester form of the same drug.
    static let saltWords: Set<String> = [
        "mesylate", "mesilate", "malate", "maleate", "hydrochloride", "dihydrochloride", "sulfate", "tosylate",
        "citrate", "besylate", "phosphate", "sodium", "potassium", "acetate", "tartrate", "fumarate", "succinate",
        "hydrobromide", "dimesylate", "ditosylate", "camsylate", "lactate",
    ]

    public func resolve(_ name: String) -> Resolution {
        let text = DrugName.tidy(name)
        if let entry = aliases.entry(for: text) {
            switch entry.kind {
            case .class: return Resolution(text: text, component: .drugClass(DrugName.tidy(entry.target)), route: .aliasClass, name: entry.target)
            case .procedure: return Resolution(text: text, component: .procedure(DrugName.tidy(entry.target)), route: .aliasProcedure, name: entry.target)
            case .code, .spelling, .brand, .abbreviation:
                switch vocabulary.lookup(entry.target) {
                case .commonName(let id), .synonym(let id):
                    return Resolution(text: text, component: .drug(id), route: .alias, name: vocabulary.names[id] ?? entry.target)
                case .ambiguous, .absent:
                    let target = DrugName.tidy(entry.target)
                    return Resolution(text: text, component: .drug(DrugID("name:" + target)), route: .alias, name: target)
                }
            }
        }
        switch vocabulary.lookup(text) {
        case .commonName(let id): return Resolution(text: text, component: .drug(id), route: .vocabularyName, name: vocabulary.names[id] ?? text)
        case .synonym(let id): return Resolution(text: text, component: .drug(id), route: .vocabularySynonym, name: vocabulary.names[id] ?? text)
        case .ambiguous: return Resolution(text: text, component: .unresolved(text), route: .ambiguous, name: text)
        case .absent: break
        }
        let words = text.split(separator: " ")
        if words.count > 1, let last = words.last, Self.saltWords.contains(String(last)) {
            let base = words.dropLast().joined(separator: " ")
            let resolved = resolve(base)
            if case .drug = resolved.component {
                return Resolution(text: text, component: resolved.component, route: .saltStripped, name: resolved.name)
            }
        }
        return Resolution(text: text, component: .unresolved(text), route: .unresolved, name: text)
    }

    /// Separators of a combination's drugs. " / " with spaces joins drugs; a bare "/" usually
    /// joins two names of one drug ("ARS-3248/JNJ-74699157") and is tried separately.
    static let separators = [" and ", " plus ", " + ", ", ", " with ", " – ", " & "]
    /// Trailing words that describe the combination rather than name a drug.
    static let trailingWords: Set<String> = ["combination", "regimen", "therapy"]

    /// The option's components, in the order written.
    public func resolveOption(_ option: String) -> [Resolution] {
        let text = DrugName.tidy(option)
        let whole = resolve(text)
        if whole.route != .unresolved && whole.route != .ambiguous { return [whole] }
        var parts = [text]
        for separator in Self.separators {
            parts = parts.flatMap { $0.components(separatedBy: separator) }
        }
        parts = parts.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        if parts.count > 1, let last = parts.last {
            var words = last.split(separator: " ").map(String.init)
            if words.count > 1, let final = words.last, Self.trailingWords.contains(final) {
                words.removeLast()
                parts[parts.count - 1] = words.joined(separator: " ")
            }
        }
        if parts.count == 1 { return [resolveSlashed(parts[0])] }
        return parts.map(resolveSlashed)
    }

    /// "ars-3248/jnj-74699157": when the whole is unresolved and every slash part resolves to the
    /// same drug, the parts were two names of it.
    private func resolveSlashed(_ text: String) -> Resolution {
        let whole = resolve(text)
        guard whole.route == .unresolved, text.contains("/") else { return whole }
        let parts = text.split(separator: "/").map { resolve(String($0)) }
        let components = Set(parts.map(\.component))
        if components.count == 1, let only = parts.first, case .drug = only.component {
            return Resolution(text: whole.text, component: only.component, route: only.route, name: only.name)
        }
        return whole
    }

    /// The option as a set of components: what normalized matching compares.
    public func therapy(_ option: String) -> Set<Component> {
        Set(resolveOption(option).map(\.component))
    }
}
