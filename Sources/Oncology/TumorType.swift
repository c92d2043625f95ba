/// A case's tumor: the source's words and, when the words or the source name one, its OncoTree code.
public struct TumorType: Hashable, Sendable {
    public let text: String
    /// A code of `OncoTree.nodes`; nil only when built directly without one.
    public let oncoTreeCode: String?

    public init(text: String, oncoTreeCode: String?) {
        self.text = text
        self.oncoTreeCode = oncoTreeCode
    }

    /// Maps `text` through the OncoTree table; nil when the text is not in it.
    public init?(mapping text: String) {
        guard let code = OncoTree.code(forName: text) else { return nil }
        self.init(text: text, oncoTreeCode: code)
    }
}
