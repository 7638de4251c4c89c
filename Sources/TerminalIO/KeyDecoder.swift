import UI

/// Raw input as ncurses hands it over, before decoding: a character from `wget_wch`, a key
/// ncurses decoded (with its `KEY_*` code already mapped), an extended key known only by its
/// terminfo name (`kLFT5` is Ctrl+Left), a resize, or the bracketed-paste markers. A plain value.
public enum RawKey: Sendable, Hashable {
    case scalar(UInt32)
    case key(Key, KeyModifiers)
    case extended(String)
    case resize(Size)
    case pasteStart
    case pasteEnd
}

/// Turns raw input into key events and pastes: control bytes become Ctrl chords (Ctrl+C is a
/// key; 13 is Enter and 10 is Ctrl+J), ESC followed at once by a key is Alt+key, text between
/// the bracketed-paste markers is one paste, and a burst without markers that has text after a
/// line break is judged a paste too (so a pasted newline does not send a half message).
///
/// A value with a little state (a paste in progress spans reads). Confined to the loop task.
public struct KeyDecoder: Sendable {
    /// A paste longer than this is cut (the rest is dropped).
    public static let maximumPaste = 1 << 20
    /// Empty reads after which a paste whose end marker never came is delivered anyway.
    public static let pasteIdleReads = 50
    private var pasting: String?
    private var idleReads = 0

    public init() {}

    /// True while inside a bracketed paste.
    public var isPasting: Bool { pasting != nil }

    /// Decodes one batch (everything read without waiting).
    public mutating func decode(_ batch: [RawKey]) -> [TerminalInput] {
        idleReads = 0
        var output: [TerminalInput] = []
        var index = 0
        let hadMarkers = batch.contains(.pasteStart) || batch.contains(.pasteEnd) || pasting != nil
        while index < batch.count {
            let raw = batch[index]
            index += 1
            if pasting != nil {
                collectPaste(raw, into: &output)
                continue
            }
            switch raw {
            case .pasteStart:
                pasting = ""
            case .pasteEnd:
                break
            case .resize(let size):
                output.append(.resize(size))
            case .scalar(27):
                if index < batch.count, let next = Self.altTarget(batch[index]) {
                    output.append(.key(KeyEvent(next.key, next.modifiers.union(.alt))))
                    index += 1
                } else {
                    output.append(.key(KeyEvent(.escape)))
                }
            case .scalar(let value):
                if let event = Self.event(forScalar: value) { output.append(.key(event)) }
            case .key(let key, let modifiers):
                output.append(.key(KeyEvent(key, modifiers)))
            case .extended(let name):
                if let event = Self.event(forExtendedName: name) { output.append(.key(event)) }
            }
        }
        return hadMarkers ? output : Self.judgePaste(output)
    }

    /// An empty read: a paste left open too long is delivered as it is.
    public mutating func idle() -> [TerminalInput] {
        guard let text = pasting else { return [] }
        idleReads += 1
        guard idleReads >= Self.pasteIdleReads else { return [] }
        pasting = nil
        idleReads = 0
        return text.isEmpty ? [] : [.paste(text)]
    }

    private mutating func collectPaste(_ raw: RawKey, into output: inout [TerminalInput]) {
        guard var text = pasting else { return }
        switch raw {
        case .pasteEnd:
            pasting = nil
            if !text.isEmpty { output.append(.paste(text)) }
            return
        case .scalar(let value):
            if text.utf8.count < Self.maximumPaste, let scalar = Unicode.Scalar(value) {
                text.unicodeScalars.append(value == 13 ? "\n" : scalar)
            }
        case .key(.enter, _):
            text.append("\n")
        case .resize(let size):
            output.append(.resize(size))
        case .key, .extended, .pasteStart:
            break
        }
        pasting = text
    }

    /// The key an ESC prefix applies to, if `raw` can take Alt.
    private static func altTarget(_ raw: RawKey) -> KeyEvent? {
        switch raw {
        case .scalar(27): return nil
        case .scalar(let value): return event(forScalar: value)
        case .key(let key, let modifiers): return KeyEvent(key, modifiers)
        case .extended(let name): return event(forExtendedName: name)
        case .resize, .pasteStart, .pasteEnd: return nil
        }
    }

    /// A character from `wget_wch` as a key event (nil for C1 controls and invalid scalars).
    static func event(forScalar value: UInt32) -> KeyEvent? {
        switch value {
        case 0: return KeyEvent(.character(" "), .control)
        case 8, 127: return KeyEvent(.backspace)
        case 9: return KeyEvent(.tab)
        case 10: return KeyEvent(.character("j"), .control)
        case 13: return KeyEvent(.enter)
        case 27: return KeyEvent(.escape)
        case 1...26: return KeyEvent(.character(Character(Unicode.Scalar(UInt8(value + 96)))), .control)
        case 28: return KeyEvent(.character("\\"), .control)
        case 29: return KeyEvent(.character("]"), .control)
        case 30: return KeyEvent(.character("^"), .control)
        case 31: return KeyEvent(.character("_"), .control)
        case 0x80...0x9F: return nil
        default:
            guard let scalar = Unicode.Scalar(value) else { return nil }
            return KeyEvent(.character(Character(scalar)))
        }
    }

    /// An extended terminfo key name (`kLFT5`, `kDN3`, `kHOM6`…) as a key event: the digit is
    /// xterm's modifier code (2 Shift, 3 Alt, 5 Ctrl and their sums plus one).
    static func event(forExtendedName name: String) -> KeyEvent? {
        let bases: [(String, Key)] = [("kUP", .up), ("kDN", .down), ("kLFT", .left), ("kRIT", .right), ("kHOM", .home),
                                      ("kEND", .end), ("kNXT", .pageDown), ("kPRV", .pageUp), ("kDC", .delete), ("kIC", .insert)]
        for (prefix, key) in bases where name.hasPrefix(prefix) {
            guard let code = Int(name.dropFirst(prefix.count)), (2...8).contains(code) else { return nil }
            let bits = code - 1
            var modifiers: KeyModifiers = []
            if bits & 1 != 0 { modifiers.insert(.shift) }
            if bits & 2 != 0 { modifiers.insert(.alt) }
            if bits & 4 != 0 { modifiers.insert(.control) }
            return KeyEvent(key, modifiers)
        }
        return nil
    }

    /// A burst with text after a line break, made only of typing, is a paste: line breaks in it
    /// become `\n` instead of sending.
    static func judgePaste(_ events: [TerminalInput]) -> [TerminalInput] {
        var text = ""
        var sawBreak = false
        var textAfterBreak = false
        var typed = 0
        for event in events {
            guard case .key(let key) = event else { return events }
            if key == KeyEvent(.enter) || key == .ctrl("j") {
                text.append("\n")
                sawBreak = true
            } else if key == KeyEvent(.tab) {
                text.append("\t")
            } else if let character = key.typedCharacter {
                text.append(character)
                typed += 1
                if sawBreak { textAfterBreak = true }
            } else {
                return events
            }
        }
        return textAfterBreak && typed >= 3 ? [.paste(text)] : events
    }
}
