import Exams
import Provenance
import Providers
import Support

/// The calls a run makes, fixed before the first one: the loaded set, the items asked (in the
/// set's order), the exemplars, and per item and repeat the exact request.
public struct ExamRunPlan: Sendable {
    public let settings: ExamRunSettings
    /// The whole set as loaded (reports and the sha256 are of the set's files).
    public let dataset: ExamDataset
    /// The set restricted to the asked items: what reports score against.
    public let asked: ExamDataset
    /// Items the loader left out, with file, line and reason.
    public let problems: [LoadProblem]
    let exemplars: ExemplarPool?

    /// Loads the set and selects its items. Throws when settings are unusable, the set cannot be
    /// read at all, k-shot is asked of a set without exemplars, or no item remains.
    public static func prepare(_ settings: ExamRunSettings) throws -> ExamRunPlan {
        if let problem = settings.problem() { throw ExamRunError.invalidSettings(problem) }
        let load = try settings.dataset.load()
        let pool = settings.shots > 0 ? try settings.dataset.exemplars() : nil
        if settings.shots > 0, pool == nil {
            throw ExamRunError.invalidSettings("\(load.dataset.name) has no solved exemplars for \(settings.shots)-shot prompts (only mmlu-medical-test has: its dev split)")
        }
        let items = settings.selectItems(load.dataset)
        if items.isEmpty {
            let filter = settings.tagFilter.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: ", ")
            throw ExamRunError.noItems(dataset: load.dataset.name, reason: load.dataset.items.isEmpty
                ? "every item was left out: \(load.problems.prefix(3).map(\.description).joined(separator: "; "))"
                : "no item with a key matches the filter \(filter.isEmpty ? "(none)" : filter)")
        }
        let asked = ExamDataset(name: load.dataset.name, format: load.dataset.format, sources: load.dataset.sources,
                                items: items, redactText: load.dataset.redactText)
        return ExamRunPlan(settings: settings, dataset: load.dataset, asked: asked, problems: load.problems, exemplars: pool)
    }

    public var items: [ExamItem] { asked.items }
    public var callCount: Int { items.count * settings.repeats }

    /// Where repeat `index` (0-based) of `item` sits in the run. The first repeat's key is the
    /// item id alone, so runs of one repeat read naturally in `consilium runs show`.
    func key(_ item: ExamItem, repeat index: Int, attempt: Int = 1) -> CallKey {
        CallKey(step: settings.mode.rawValue, item: index == 0 ? item.id : "\(item.id)@\(index + 1)", attempt: attempt)
    }

    /// The item as shown (options shuffled when the run shuffles).
    func shown(_ item: ExamItem) -> ShuffledItem? { settings.shuffle?.apply(to: item) }

    func exemplars(for item: ExamItem) -> [ExamItem] {
        exemplars?.exemplars(for: item, shots: settings.shots) ?? []
    }

    /// How many alternatives a remote next-token call asks for (OpenAI's maximum is 20).
    static let remoteTopLogprobs = 20

    /// The recorded request for one call, and the chat request sent (generate mode, and next-token
    /// on a `remote` endpoint: one greedy token with its top log-probabilities).
    func request(_ item: ExamItem, repeat index: Int, model: ModelIdentity, remote: Bool = false) -> (CallRequest, ChatRequest) {
        let shownItem = shown(item)?.shown ?? item
        let mode = settings.mode
        let prompt = ExamPrompt.render(shownItem, exemplars: exemplars(for: item), mode: mode)
        var messages = ChatRequest.Message.recordJSON([.user(prompt)]).arrayValue ?? []
        let sampling: JSONValue
        switch mode {
        case .generate:
            sampling = settings.sampling(repeat: index).recordJSON
        case .likelihood:
            messages += ExamPrompt.continuations(shownItem).map {
                ["role": "continuation", "label": .string($0.label), "content": .string($0.text)]
            }
            sampling = ["scoring": "likelihood"]
        case .nextToken:
            var fields: [String: JSONValue] = ["scoring": "next-token", "labels": .array(shownItem.labels.map { .string($0) })]
            if remote {
                fields["top_logprobs"] = .number(Double(Self.remoteTopLogprobs))
                fields["max_tokens"] = 1
                fields["temperature"] = 0
            }
            sampling = .object(fields)
        }
        // The prompt layout's version is part of every call's identity: a new layout never reuses old answers.
        let template = TemplateRef(id: "exam-prompt-\(mode.rawValue)", hash: ContentHash.of("consilium.exam-prompt/\(ExamPrompt.version)/\(mode.rawValue)"))
        let request = CallRequest(model: model, messages: .array(messages), sampling: sampling, template: template)
        if mode == .nextToken && remote {
            return (request, ChatRequest(messages: [.user(prompt)], sampling: Sampling(temperature: 0, maxTokens: 1),
                                         topLogprobs: Self.remoteTopLogprobs))
        }
        return (request, ChatRequest(messages: [.user(prompt)], sampling: settings.sampling(repeat: index)))
    }
}
