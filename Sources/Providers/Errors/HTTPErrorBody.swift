import Foundation

/// The useful parts of a non-2xx response body, whatever shape the server used:
/// Ollama `{"error":"..."}`, OpenAI `{"error":{"message","type","code":"..."}}`,
/// OpenRouter / llama.cpp `{"error":{"code":429,"message"}}`, vLLM's flat
/// `{"object":"error","message",...}`, Anthropic `{"type":"error","error":{"type","message"}}`,
/// or anything else (HTML, plain text, nothing).
///
/// Invariant: `message` is one line (the first non-empty line of `error.message`, else of the
/// top-level `message`, else the raw body with whitespace collapsed), at most 300 characters,
/// and empty only for an empty body. A plain value.
public struct HTTPErrorBody: Sendable, Hashable {
    /// One clear line for a person.
    public var message: String
    /// `error.type` (or the top-level `type` of a flat body, but never Anthropic's `"error"`).
    public var type: String?
    /// `error.code` (or a flat body's `code`), numbers written as text.
    public var code: String?
    /// True when `message` came from a message field, false when it is the raw body.
    public var isStructured: Bool

    /// Longest message kept, in characters.
    public static let messageLimit = 300
    /// Bodies longer than this are not parsed as JSON (they are shown raw, truncated).
    static let parseLimit = 64 * 1024

    public init(parsing body: [UInt8]) {
        let object = body.count <= Self.parseLimit
            ? (try? JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])) as? [String: Any]
            : nil
        let error = object?["error"]
        let nested = error as? [String: Any]
        let candidates: [Any?] = [nested?["message"], error as? String, object?["message"], object?["detail"]]
        let found = candidates.lazy.compactMap { $0 as? String }.map(Self.firstLine).first { !$0.isEmpty }

        if let found {
            message = found
            isStructured = true
        } else {
            message = JSONFields.oneLine(String(decoding: body.prefix(4 * Self.messageLimit), as: UTF8.self),
                                         limit: Self.messageLimit)
            isStructured = false
        }
        let flatType = (object?["type"] as? String).flatMap { $0 == "error" ? nil : $0 }
        type = (nested?["type"] as? String) ?? (nested == nil ? flatType : nil)
        let codeValue = nested?["code"] ?? (nested == nil ? object?["code"] : nil)
        if let text = codeValue as? String {
            code = text
        } else if let number = codeValue as? Int {
            code = String(number)
        } else {
            code = nil
        }
    }

    /// The first non-empty line of `text`, trimmed and cut to `messageLimit`.
    static func firstLine(_ text: String) -> String {
        let line = text.split(whereSeparator: \.isNewline)
            .first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        return JSONFields.oneLine(String(line), limit: messageLimit)
    }
}
