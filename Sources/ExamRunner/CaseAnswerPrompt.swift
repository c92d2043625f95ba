import Exams
import Foundation
import Provenance
import Providers
import Support

/// The prompt a model answers a case with: `cases/system.txt` (the system prompt) and
/// `cases/answer.txt` (the user prompt, with `{{question}}`), read from the prompts folder. Their
/// joint hash enters every answer call's identity: an edited prompt never reuses a cached answer.
public struct CaseAnswerPrompt: Sendable {
    public let system: String
    public let template: String
    public let hash: ContentHash

    /// Reads `cases/system.txt` and `cases/answer.txt` under `promptsRoot`.
    public init(promptsRoot: URL) throws {
        let folder = promptsRoot.appendingPathComponent("cases")
        func read(_ name: String, _ what: String) throws -> String {
            let url = folder.appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: url.path) else {
                throw ExamRunError.invalidSettings("\(url.path): cannot read the case answer \(what)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        try self.init(system: try read("system.txt", "system prompt"), template: try read("answer.txt", "prompt"))
    }

    public init(system: String, template: String) throws {
        if !template.contains("{{question}}") {
            throw ExamRunError.invalidSettings("case answer prompt: the template lacks {{question}}")
        }
        self.system = system
        self.template = template
        hash = ContentHash.of("consilium.case-answer/\n\(system)\n\u{1F}\n\(template)")
    }

    /// The user prompt for `item`: its context (if any) before the question.
    public func prompt(_ item: ExamItem) -> String {
        let question = item.context.map { $0.isEmpty ? item.stem : "\($0)\n\n\(item.stem)" } ?? item.stem
        return template.replacingOccurrences(of: "{{question}}", with: question)
    }

    /// The recorded request and the chat sent for `item`.
    func request(_ item: ExamItem, model: ModelIdentity, sampling: Sampling) -> (CallRequest, ChatRequest) {
        let messages: [ChatRequest.Message] = [.system(system), .user(prompt(item))]
        let request = CallRequest(model: model, messages: ChatRequest.Message.recordJSON(messages), sampling: sampling.recordJSON,
                                  template: TemplateRef(id: "case-answer", hash: hash))
        return (request, ChatRequest(messages: messages, sampling: sampling))
    }
}
