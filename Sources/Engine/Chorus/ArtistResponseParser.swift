import Foundation

/// Splits an artist's answer at its `===ARTIST STATEMENT===` and `===FINAL IMAGE PROMPT===`
/// markers, leniently: any case and spacing, `_` or `-` between the words, markdown
/// headings, bold or `=` around them, a trailing colon, text on the marker's own line, and
/// `IMAGE PROMPT` without `FINAL`. A missing or empty section never fails: it becomes a
/// warning, and a missing image prompt falls back to the statement's last paragraph.
/// Stateless and pure; any thread.
public enum ArtistResponseParser {
    enum Marker: Equatable {
        case statement
        case image

        var name: String { self == .statement ? "===ARTIST STATEMENT===" : "===FINAL IMAGE PROMPT===" }
    }

    private struct Segment {
        var marker: Marker?
        var lines: [String]
        var text: String { lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    public static func parse(_ answer: String) -> ArtistResponse {
        var segments = [Segment(marker: nil, lines: [])]
        for line in answer.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if let (marker, inline) = detectMarker(line) {
                segments.append(Segment(marker: marker, lines: inline.isEmpty ? [] : [inline]))
            } else {
                segments[segments.count - 1].lines.append(String(line))
            }
        }
        var warnings: [String] = []
        let statements = segments.filter { $0.marker == .statement }
        let images = segments.filter { $0.marker == .image }
        let preamble = segments[0].text
        let statement: String
        if let first = statements.first {
            statement = first.text
            if statements.count > 1 { warnings.append("the \(Marker.statement.name) marker appears \(statements.count) times; the first section was used") }
            if statement.isEmpty { warnings.append("the \(Marker.statement.name) section is empty") }
        } else {
            statement = preamble
            warnings.append(images.isEmpty
                ? "no \(Marker.statement.name) marker; the whole answer was taken as the statement"
                : "no \(Marker.statement.name) marker; the text before the image prompt was taken as the statement")
        }
        var imagePrompt = images.first.map { clean($0.text) } ?? ""
        if images.count > 1 { warnings.append("the \(Marker.image.name) marker appears \(images.count) times; the first section was used") }
        if imagePrompt.isEmpty {
            imagePrompt = clean(lastParagraph(of: statement))
            let fallback = imagePrompt.isEmpty ? "there is no text to use instead" : "the statement's last paragraph was used"
            warnings.append(images.isEmpty
                ? "no \(Marker.image.name) marker; \(fallback)"
                : "the \(Marker.image.name) section is empty; \(fallback)")
        }
        return ArtistResponse(statement: statement, imagePrompt: imagePrompt, warnings: warnings)
    }

    // MARK: - Markers

    private static let markerWords: [(Marker, [String])] = [
        (.statement, ["artist", "statement"]), (.image, ["final", "image", "prompt"]), (.image, ["image", "prompt"]),
    ]
    private static let leadingDecoration: Set<Character> = ["#", "*", "_", "=", ">", "-", "~", "`", "[", "—", "–"]
    private static let trailingDecoration: Set<Character> = ["#", "*", "_", "=", ":", "-", "~", "`", "]", "—", "–"]

    /// The marker a line holds and any text after it on the same line; nil for prose.
    static func detectMarker(_ line: Substring) -> (Marker, String)? {
        let trimmed = line.drop { $0.isWhitespace }
        let body = trimmed.drop { leadingDecoration.contains($0) || $0.isWhitespace }
        for (marker, words) in markerWords {
            guard let end = match(words, in: body) else { continue }
            let tail = body[end...]
            let rest = tail.drop { trailingDecoration.contains($0) || $0.isWhitespace }
            let trailing = tail[..<rest.startIndex].contains { !$0.isWhitespace }
            var inline = String(rest).trimmingCharacters(in: .whitespaces)
            while let last = inline.last, trailingDecoration.contains(last) { inline.removeLast() }
            inline = inline.trimmingCharacters(in: .whitespaces)
            if inline.isEmpty { return (marker, "") }
            if trailing { return (marker, inline) }
            // "## Image prompt for the poster": a heading with more words; "Image prompt engineering…": prose.
            if trimmed.first == "#" { return (marker, "") }
            return nil
        }
        return nil
    }

    /// Where `words` end if `text` starts with them (any case; spaces, `_`, `-` or nothing
    /// between them; not followed by a letter or digit).
    private static func match(_ words: [String], in text: Substring) -> Substring.Index? {
        var index = text.startIndex
        for (number, word) in words.enumerated() {
            if number > 0 {
                while index < text.endIndex, text[index] == " " || text[index] == "_" || text[index] == "-"
                        || text[index] == "\t" { index = text.index(after: index) }
            }
            for expected in word {
                guard index < text.endIndex, text[index].lowercased() == String(expected) else { return nil }
                index = text.index(after: index)
            }
        }
        if index < text.endIndex, text[index].isLetter || text[index].isNumber { return nil }
        return index
    }

    // MARK: - Cleaning

    /// The last paragraph (block of non-blank lines) of `text`.
    static func lastParagraph(of text: String) -> String {
        var paragraphs: [[Substring]] = [[]]
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            if line.allSatisfy(\.isWhitespace) {
                if !(paragraphs.last?.isEmpty ?? true) { paragraphs.append([]) }
            } else {
                paragraphs[paragraphs.count - 1].append(line)
            }
        }
        let last = paragraphs.last { !$0.isEmpty } ?? []
        return last.joined(separator: "\n")
    }

    /// Strips a code fence and matching quotes around an image prompt.
    static func clean(_ text: String) -> String {
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
        if let first = lines.first, first.trimmingCharacters(in: .whitespaces).hasPrefix("```") { lines.removeFirst() }
        if let last = lines.last, last.trimmingCharacters(in: .whitespaces).hasPrefix("```") { lines.removeLast() }
        var result = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let pairs: [(Character, Character)] = [("\"", "\""), ("“", "”"), ("'", "'")]
        for (open, close) in pairs where result.count >= 2 && result.first == open && result.last == close {
            result = String(result.dropFirst().dropLast()).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return result
    }
}
