import Foundation
import Core

/// What a multi-model run is asked to do: one prompt, the models (two or more) that answer
/// and debate it, the master that writes the synthesis, and the model that writes the
/// narrative summary. A plain value.
public struct DebateRequest: Sendable, Hashable {
    public var prompt: String
    /// Two or more models; the same model may appear twice (it is sampled twice).
    public var models: [ModelRef]
    /// Writes the synthesis into the main conversation; nil: the first model.
    public var master: ModelRef?
    /// Writes the run summary; nil: the master.
    public var summaryModel: ModelRef?
    /// The conversation the prompt and the synthesis go into; nil: a new `debate` session.
    public var sessionID: Int64?
    public var temperature: Double?
    public var maxTokens: Int?

    public init(prompt: String, models: [ModelRef], master: ModelRef? = nil, summaryModel: ModelRef? = nil,
                sessionID: Int64? = nil, temperature: Double? = nil, maxTokens: Int? = nil) {
        self.prompt = prompt
        self.models = models
        self.master = master
        self.summaryModel = summaryModel
        self.sessionID = sessionID
        self.temperature = temperature
        self.maxTokens = maxTokens
    }
}

/// Why a multi-model run cannot start. A plain value; `description` is one line for a person.
public enum MultiModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Fewer than two models were given.
    case tooFewModels(Int)
    /// The prompt is empty or only whitespace.
    case emptyPrompt
    /// `sessionID` names no stored session.
    case noSuchSession(Int64)

    public var description: String {
        switch self {
        case .tooFewModels(let count):
            return "a debate needs at least two models (got \(count)); list them with -m A,B"
        case .emptyPrompt:
            return "the prompt is empty; say what the models should answer"
        case .noSuchSession(let id):
            return "there is no session \(id)"
        }
    }
}

/// A short one-line title for a session made from a prompt. Stateless.
enum RunTitle {
    static func from(_ prompt: String, limit: Int = 60) -> String {
        let line = prompt.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.count > limit else { return trimmed }
        return String(trimmed.prefix(limit - 1)) + "…"
    }
}
