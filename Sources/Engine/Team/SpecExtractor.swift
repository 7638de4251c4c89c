import Core
import Foundation

/// Why Pixel's reply could not be read as a spec, in words that go back into the retry
/// prompt and into the conversation's note. A plain value.
public struct SpecParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// Finds the spec in Pixel's reply: the first balanced JSON object (code fences and prose
/// around it are ignored), decoded leniently as a `GenerationSpecDraft`, which must name a
/// positive prompt. Stateless.
public enum SpecExtractor {
    /// Replies longer than this are refused (a runaway model).
    static let maximumLength = 200_000

    public static func draft(from reply: String) throws -> GenerationSpecDraft {
        guard reply.utf8.count <= maximumLength else {
            throw SpecParseError("the reply is too long (\(reply.utf8.count) bytes) to be a spec")
        }
        let object = try jsonObject(in: reply)
        let draft: GenerationSpecDraft
        do {
            draft = try JSONDecoder().decode(GenerationSpecDraft.self, from: Data(object.utf8))
        } catch {
            throw SpecParseError("the JSON object is not valid JSON (\(describe(error)))")
        }
        guard !draft.isEmpty else {
            throw SpecParseError("the JSON object has none of the keys template_id, checkpoint, sampler, scheduler, "
                                 + "steps, cfg, width, height, seed, positive, negative")
        }
        guard let positive = draft.positive, !positive.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw SpecParseError("the spec has no positive prompt (the \"positive\" key is missing or empty)")
        }
        return draft
    }

    /// The text of the first balanced `{...}` (strings and escapes respected).
    static func jsonObject(in text: String) throws -> String {
        guard let start = text.firstIndex(of: "{") else {
            throw SpecParseError("the reply holds no JSON object (no \"{\" found)")
        }
        var depth = 0
        var inString = false
        var escaped = false
        var index = start
        while index < text.endIndex {
            let char = text[index]
            if inString {
                if escaped { escaped = false } else if char == "\\" { escaped = true } else if char == "\"" { inString = false }
            } else if char == "\"" {
                inString = true
            } else if char == "{" {
                depth += 1
            } else if char == "}" {
                depth -= 1
                if depth == 0 { return String(text[start...index]) }
            }
            index = text.index(after: index)
        }
        throw SpecParseError("the JSON object is not closed (a \"}\" is missing)")
    }

    static func describe(_ error: any Error) -> String {
        var text: String
        if case DecodingError.dataCorrupted(let context) = error {
            text = context.debugDescription
            if let underlying = context.underlyingError {
                text += ": " + (underlying as NSError).localizedDescription
            }
        } else {
            text = String(describing: error)
        }
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count > 200 ? String(oneLine.prefix(200)) + "…" : oneLine
    }
}
