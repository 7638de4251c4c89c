/// A chat request as a fake server understood it, in one shape for all three providers:
/// what a `FakeBehaviour.responder` sees. System text comes from `system` role messages
/// (Ollama, OpenAI-compatible; `developer` too) or the top-level `system` field (Anthropic),
/// joined with blank lines. Content given as parts/blocks is reduced to its text parts.
/// A plain value.
public struct FakeChatRequest: Sendable, Hashable {
    /// One non-system message: the role as sent and its text.
    public struct Message: Sendable, Hashable {
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// The model name as sent.
    public var model: String
    /// The system text, or nil when there is none.
    public var system: String?
    /// The conversation without system messages, in order.
    public var messages: [Message]
    /// Whether a stream was asked for (each protocol's default applied).
    public var stream: Bool
    /// The output limit asked for (`max_tokens`, `max_completion_tokens`, Ollama `options.num_predict`).
    public var maxTokens: Int?
    /// The whole parsed body.
    public var json: FakeJSON

    public init(model: String, system: String?, messages: [Message], stream: Bool, maxTokens: Int?, json: FakeJSON) {
        self.model = model
        self.system = system
        self.messages = messages
        self.stream = stream
        self.maxTokens = maxTokens
        self.json = json
    }

    /// The text of the last `user` message, or "" when there is none.
    public var lastUserText: String {
        messages.last { $0.role == "user" }?.content ?? ""
    }

    /// Every text the request carries (system and messages), for token estimates.
    var allText: String {
        ([system ?? ""] + messages.map(\.content)).joined(separator: "\n")
    }

    /// About four UTF-8 bytes a token, at least 1.
    var estimatedInputTokens: Int { max(1, (allText.utf8.count + 3) / 4) }

    /// Parses an OpenAI- or Ollama-style body: `model`, `messages` with system roles inside.
    static func fromMessagesBody(_ json: FakeJSON, streamDefault: Bool, maxTokens: Int?) -> FakeChatRequest {
        var system: [String] = []
        var messages: [Message] = []
        for item in json["messages"]?.array ?? [] {
            let role = item["role"]?.string ?? ""
            let text = contentText(item["content"])
            if role == "system" || role == "developer" {
                system.append(text)
            } else {
                messages.append(Message(role: role, content: text))
            }
        }
        return FakeChatRequest(
            model: json["model"]?.string ?? "", system: system.isEmpty ? nil : system.joined(separator: "\n\n"),
            messages: messages, stream: json["stream"]?.bool ?? streamDefault, maxTokens: maxTokens, json: json)
    }

    /// Parses an Anthropic body: top-level `system` (string or text blocks) and user/assistant messages.
    static func fromAnthropicBody(_ json: FakeJSON) -> FakeChatRequest {
        let systemText = json["system"].map { contentText($0) }
        let messages = (json["messages"]?.array ?? []).map {
            Message(role: $0["role"]?.string ?? "", content: contentText($0["content"]))
        }
        return FakeChatRequest(
            model: json["model"]?.string ?? "", system: systemText?.isEmpty == false ? systemText : nil,
            messages: messages, stream: json["stream"]?.bool ?? false,
            maxTokens: json["max_tokens"]?.int, json: json)
    }

    /// A string content, or the `text` of each text part/block joined.
    static func contentText(_ content: FakeJSON?) -> String {
        switch content {
        case .string(let text)?: return text
        case .array(let parts)?: return parts.compactMap { $0["text"]?.string }.joined()
        default: return ""
        }
    }
}
