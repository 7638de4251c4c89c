/// The input line's text and caret, edited by grapheme cluster: the caret never lands inside
/// a cluster, so one Left or Backspace moves over or removes a whole 👩‍💻 or é. Multi-line:
/// `\n` separates lines. History of sent messages, with the draft kept while browsing.
///
/// Invariants: `0 <= cursor <= characters.count`; `characters` holds no control character
/// but `\n` and no bidirectional control (inserted text is cleaned: CR/CRLF become `\n`, tabs
/// become spaces, other controls and bidi overrides are dropped), so it is always inert;
/// adjacent characters never form one grapheme (inserting merges them).
/// A plain value in `AppState`.
public struct LineEditor: Sendable, Hashable {
    public private(set) var characters: [Character] = []
    public private(set) var cursor = 0
    public private(set) var history: [String] = []
    /// Position while browsing history (nil: editing the draft).
    private var historyIndex: Int?
    private var draft: [Character] = []
    /// History keeps at most this many messages.
    public static let historyLimit = 500

    public init(text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }
    public var isEmpty: Bool { characters.isEmpty }

    // MARK: Inserting

    /// Inserts typed or pasted text at the caret (cleaned as the invariants say).
    public mutating func insert(_ raw: String) {
        let clean = Self.clean(raw)
        guard !clean.isEmpty else { return }
        let start = cursor > 0 ? cursor - 1 : cursor
        let end = cursor < characters.count ? cursor + 1 : cursor
        var before = cursor > 0 ? String(characters[cursor - 1]) : ""
        before += clean
        let caretCount = before.count
        let segment = before + (end > cursor ? String(characters[cursor]) : "")
        let merged = Array(segment)
        characters.replaceSubrange(start..<end, with: merged)
        cursor = min(start + caretCount, start + merged.count)
        historyIndex = nil
    }

    /// Text as the input accepts it: line breaks normalised, tabs as four spaces, no controls.
    static func clean(_ raw: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x0D:
                scalars.append("\n")
                previousWasCR = true
                continue
            case 0x0A:
                if !previousWasCR { scalars.append("\n") }
            case 0x09:
                scalars.append(contentsOf: "    ".unicodeScalars)
            case 0x00..<0x20, 0x7F..<0xA0, 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
                break  // controls and bidirectional overrides: never part of a message typed here
            default:
                scalars.append(scalar)
            }
            previousWasCR = false
        }
        return String(scalars)
    }

    // MARK: Moving

    public mutating func moveLeft() { cursor = max(0, cursor - 1) }
    public mutating func moveRight() { cursor = min(characters.count, cursor + 1) }

    /// To the start of the previous word (letters and digits make words).
    public mutating func moveWordLeft() {
        while cursor > 0, !Self.isWord(characters[cursor - 1]) { cursor -= 1 }
        while cursor > 0, Self.isWord(characters[cursor - 1]) { cursor -= 1 }
    }

    /// To the end of the next word.
    public mutating func moveWordRight() {
        while cursor < characters.count, !Self.isWord(characters[cursor]) { cursor += 1 }
        while cursor < characters.count, Self.isWord(characters[cursor]) { cursor += 1 }
    }

    /// To the start of the caret's line.
    public mutating func moveLineStart() { cursor = lineStart(of: cursor) }
    /// To the end of the caret's line.
    public mutating func moveLineEnd() { cursor = lineEnd(of: cursor) }

    /// Up one line, keeping the column; false when already on the first line.
    public mutating func moveUp() -> Bool {
        let start = lineStart(of: cursor)
        guard start > 0 else { return false }
        let column = cursor - start
        let previousStart = lineStart(of: start - 1)
        cursor = min(previousStart + column, start - 1)
        return true
    }

    /// Down one line, keeping the column; false when already on the last line.
    public mutating func moveDown() -> Bool {
        let end = lineEnd(of: cursor)
        guard end < characters.count else { return false }
        let column = cursor - lineStart(of: cursor)
        let nextStart = end + 1
        cursor = min(nextStart + column, lineEnd(of: nextStart))
        return true
    }

    // MARK: Deleting

    public mutating func deleteBackward() {
        guard cursor > 0 else { return }
        characters.remove(at: cursor - 1)
        cursor -= 1
    }

    public mutating func deleteForward() {
        guard cursor < characters.count else { return }
        characters.remove(at: cursor)
    }

    public mutating func deleteWordBackward() {
        let end = cursor
        moveWordLeft()
        characters.removeSubrange(cursor..<end)
    }

    public mutating func deleteWordForward() {
        let start = cursor
        moveWordRight()
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    public mutating func killToEnd() {
        let end = lineEnd(of: cursor)
        characters.removeSubrange(cursor..<(end == cursor && end < characters.count ? end + 1 : end))
    }

    public mutating func killToStart() {
        let start = lineStart(of: cursor)
        characters.removeSubrange(start..<cursor)
        cursor = start
    }

    public mutating func clear() {
        characters = []
        cursor = 0
        historyIndex = nil
    }

    // MARK: History

    /// Takes the text out for sending: records it in history and empties the editor.
    public mutating func commit() -> String {
        let sent = text
        if !sent.isEmpty, history.last != sent {
            history.append(sent)
            if history.count > Self.historyLimit { history.removeFirst(history.count - Self.historyLimit) }
        }
        clear()
        return sent
    }

    /// Shows the previous history entry (keeping the draft). False when there is none.
    public mutating func historyPrevious() -> Bool {
        guard !history.isEmpty else { return false }
        let next: Int
        if let current = historyIndex {
            guard current > 0 else { return false }
            next = current - 1
        } else {
            draft = characters
            next = history.count - 1
        }
        show(Array(history[next]), index: next)
        return true
    }

    /// Shows the next history entry, or the draft after the newest. False when not browsing.
    public mutating func historyNext() -> Bool {
        guard let current = historyIndex else { return false }
        if current + 1 < history.count {
            show(Array(history[current + 1]), index: current + 1)
        } else {
            show(draft, index: nil)
        }
        return true
    }

    private mutating func show(_ content: [Character], index: Int?) {
        characters = content
        cursor = content.count
        historyIndex = index
    }

    // MARK: Lines

    /// The lines of the text (at least one).
    public var lines: [[Character]] {
        characters.split(separator: "\n", omittingEmptySubsequences: false).map(Array.init)
    }

    /// The caret's line number and its index within that line, in characters.
    public var cursorLineAndColumn: (line: Int, column: Int) {
        let line = characters[..<cursor].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
        return (line, cursor - lineStart(of: cursor))
    }

    private func lineStart(of position: Int) -> Int {
        var start = position
        while start > 0, characters[start - 1] != "\n" { start -= 1 }
        return start
    }

    private func lineEnd(of position: Int) -> Int {
        var end = position
        while end < characters.count, characters[end] != "\n" { end += 1 }
        return end
    }

    private static func isWord(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "_"
    }
}
