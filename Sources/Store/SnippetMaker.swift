import Foundation

/// Builds a search snippet in Swift for matches found without an FTS index: a short
/// window of the text around the first match, each match wrapped in `[` `]`, `…` where
/// text was cut, line breaks shown as spaces. Stateless; callable from any actor.
enum SnippetMaker {
    static let before = 20
    static let after = 40

    static func snippet(of text: String, marking terms: [String]) -> String {
        let flat = String(text.map { $0.isNewline ? " " : $0 })
        let needles = terms.filter { !$0.isEmpty }
        guard let first = needles.compactMap({ flat.range(of: $0) }).min(by: { $0.lowerBound < $1.lowerBound }) else {
            return String(flat.prefix(before + after)) + (flat.count > before + after ? "…" : "")
        }
        let start = flat.index(first.lowerBound, offsetBy: -before, limitedBy: flat.startIndex) ?? flat.startIndex
        let end = flat.index(first.lowerBound, offsetBy: after, limitedBy: flat.endIndex) ?? flat.endIndex
        var window = Substring(flat[start..<end])
        var out = start > flat.startIndex ? "…" : ""
        while !window.isEmpty {
            let next = needles.compactMap { window.range(of: $0) }.min(by: { $0.lowerBound < $1.lowerBound })
            guard let next else { out += window; break }
            out += window[..<next.lowerBound] + "[" + window[next] + "]"
            window = window[next.upperBound...]
        }
        return out + (end < flat.endIndex ? "…" : "")
    }
}
