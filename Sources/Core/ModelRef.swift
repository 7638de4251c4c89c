import Foundation

/// A model named the way a person types it: `provider:model`, e.g. `ollama:llama3.2`,
/// `openrouter:google/gemini-2.5-flash`, `local:gemma-3-270m`.
///
/// Invariant: `provider` is non-empty and has no `:`; `model` is non-empty (it may hold
/// `:` and `/`, as in `ollama:llama3.2:3b`). A plain value.
public struct ModelRef: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var provider: String
    public var model: String

    public init(provider: String, model: String) {
        self.provider = provider
        self.model = model
    }

    /// Parses `provider:model`; nil when either side is empty or there is no colon.
    public init?(parsing text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let provider = String(trimmed[..<colon])
        let model = String(trimmed[trimmed.index(after: colon)...])
        guard !provider.isEmpty, !model.isEmpty,
              provider.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        else { return nil }
        self.provider = provider.lowercased()
        self.model = model
    }

    public var description: String { "\(provider):\(model)" }

    public static func < (lhs: ModelRef, rhs: ModelRef) -> Bool { lhs.description < rhs.description }
}
