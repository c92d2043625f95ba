import Support

// MARK: The recorded form of a request

/// How a request's sampling and messages are written into the provenance record, and so into
/// every call's identity hash: one form for flows, exam runs, judges and the REPL, so the same
/// request always hashes the same whoever sends it.
extension Sampling {
    /// Every field, unset ones as null (left to the provider's default).
    public var recordJSON: JSONValue {
        func number<T: BinaryInteger>(_ value: T?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
        return .object([
            "temperature": temperature.map { .number($0) } ?? .null,
            "top_p": topP.map { .number($0) } ?? .null,
            "top_k": number(topK), "max_tokens": number(maxTokens), "seed": number(seed),
            "stop": .array(stop.map { .string($0) }),
        ])
    }

    /// The inverse of `recordJSON`: a missing, null or malformed field is left to the provider.
    public init(record value: JSONValue) {
        func whole(_ key: String) -> Int? { value[key]?.intValue.flatMap { $0 >= 0 ? $0 : nil } }
        self.init(temperature: value["temperature"]?.numberValue, topP: value["top_p"]?.numberValue,
                  topK: whole("top_k"), maxTokens: whole("max_tokens"), seed: whole("seed").map { UInt64($0) },
                  stop: value["stop"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}

extension ChatRequest.Message {
    /// `[{"role": ..., "content": ...}, ...]`.
    public static func recordJSON(_ messages: [ChatRequest.Message]) -> JSONValue {
        .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })
    }

    /// The inverse of `recordJSON`; nil when the value is not of that form.
    public static func messages(fromRecord value: JSONValue) -> [ChatRequest.Message]? {
        guard let items = value.arrayValue else { return nil }
        var messages: [ChatRequest.Message] = []
        for item in items {
            guard let role = item["role"]?.stringValue.flatMap(ChatRequest.Role.init(rawValue:)),
                  let content = item["content"]?.stringValue else { return nil }
            messages.append(ChatRequest.Message(role: role, content: content))
        }
        return messages
    }
}
