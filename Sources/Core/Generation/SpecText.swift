import Foundation

/// Cleaning of the texts a generation spec carries (names and prompts that a model wrote):
/// control characters become spaces, whitespace runs collapse, lengths are capped.
/// Stateless.
enum SpecText {
    /// A prompt: cleaned, trimmed, at most `promptLength` characters.
    static func prompt(_ text: String) -> String {
        String(collapse(text).prefix(GenerationSpec.Limits.promptLength))
    }

    /// A file-like name (a checkpoint): cleaned and capped; nil when nothing is left.
    static func name(_ text: String) -> String? {
        let cleaned = String(collapse(text).prefix(GenerationSpec.Limits.nameLength))
        return cleaned.isEmpty ? nil : cleaned
    }

    /// A template id: lowercase letters, digits, `.`, `_`, `-`; nil when nothing is left.
    static func identifier(_ text: String) -> String? {
        let kept = collapse(text).lowercased().replacingSpaces(with: "-").filter { char in
            char.isASCII && (char.isLetter || char.isNumber || char == "." || char == "_" || char == "-")
        }
        let capped = String(kept.prefix(GenerationSpec.Limits.nameLength))
        return capped.isEmpty ? nil : capped
    }

    /// A sampler or scheduler name in ComfyUI's spelling (`euler_ancestral`, `dpmpp_2m`):
    /// lowercase, `++` as `pp`, spaces as `_`; nil when nothing is left.
    static func samplerName(_ text: String) -> String? {
        var value = collapse(text).lowercased()
        value = value.replacingOccurrences(of: "++", with: "pp").replacingSpaces(with: "_")
        let kept = value.filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-") }
        let aliases = ["euler_a": "euler_ancestral", "k_euler": "euler", "k_euler_a": "euler_ancestral"]
        let named = aliases[kept] ?? kept
        let capped = String(named.prefix(GenerationSpec.Limits.nameLength))
        return capped.isEmpty ? nil : capped
    }

    /// Control characters (newlines included) as spaces, runs of whitespace as one space, trimmed.
    static func collapse(_ text: String) -> String {
        var out = ""
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let isSpace = scalar.properties.isWhitespace || scalar.properties.generalCategory == .control
                || scalar.properties.generalCategory == .format && scalar.value != 0x200D
            if isSpace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.unicodeScalars.append(" ") }
            pendingSpace = false
            out.unicodeScalars.append(scalar)
        }
        return out
    }
}

private extension String {
    func replacingSpaces(with replacement: String) -> String {
        split(separator: " ", omittingEmptySubsequences: true).joined(separator: replacement)
    }
}
