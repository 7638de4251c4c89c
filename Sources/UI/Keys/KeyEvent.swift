/// One key press as the terminal adapter decodes it. A plain value.
///
/// Conventions: a control chord is `.character` of the lowercase letter with `.control`
/// (Ctrl+C is `KeyEvent(.character("c"), .control)`); Alt arrives as an ESC prefix and is
/// `.alt`; Shift is implied by an upper-case character and only stated for keys such as Tab.
/// Ctrl+J (line feed) is `.character("j")` with `.control`, distinct from Enter.
public struct KeyEvent: Sendable, Hashable, CustomStringConvertible {
    public var key: Key
    public var modifiers: KeyModifiers

    public init(_ key: Key, _ modifiers: KeyModifiers = []) {
        self.key = key
        self.modifiers = modifiers
    }

    /// A printable character with no modifiers.
    public static func char(_ character: Character) -> KeyEvent { KeyEvent(.character(character)) }
    /// A control chord (`ctrl("c")` is Ctrl+C).
    public static func ctrl(_ character: Character) -> KeyEvent { KeyEvent(.character(character), .control) }
    /// An Alt chord.
    public static func alt(_ key: Key) -> KeyEvent { KeyEvent(key, .alt) }

    /// The character this press types into the input, if it types one.
    public var typedCharacter: Character? {
        guard case .character(let character) = key, modifiers.subtracting(.shift).isEmpty else { return nil }
        return character
    }

    /// How help and footers show it: `Ctrl+C`, `Alt+Enter`, `PgUp`, `F1`.
    public var description: String {
        var parts: [String] = []
        if modifiers.contains(.control) { parts.append("Ctrl") }
        if modifiers.contains(.alt) { parts.append("Alt") }
        if modifiers.contains(.shift) { parts.append("Shift") }
        parts.append(key.displayName)
        return parts.joined(separator: "+")
    }
}

/// The key itself, without modifiers.
public enum Key: Sendable, Hashable {
    case character(Character)
    case enter, tab, backspace, delete, escape, insert
    case up, down, left, right, home, end, pageUp, pageDown
    case function(Int)

    /// The spelling used in help and in key names (`Enter`, `PgUp`, `F5`, `C` for a letter).
    public var displayName: String {
        switch self {
        case .character(" "): return "Space"
        case .character(let character): return String(character).uppercased()
        case .enter: return "Enter"
        case .tab: return "Tab"
        case .backspace: return "Backspace"
        case .delete: return "Delete"
        case .escape: return "Esc"
        case .insert: return "Insert"
        case .up: return "Up"
        case .down: return "Down"
        case .left: return "Left"
        case .right: return "Right"
        case .home: return "Home"
        case .end: return "End"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .function(let number): return "F\(number)"
        }
    }

    static let named: [String: Key] = [
        "enter": .enter, "return": .enter, "tab": .tab, "backspace": .backspace, "delete": .delete, "del": .delete,
        "esc": .escape, "escape": .escape, "insert": .insert, "up": .up, "down": .down, "left": .left, "right": .right,
        "home": .home, "end": .end, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "space": .character(" "),
    ]
}

/// Modifier keys held with a key. A plain option set.
public struct KeyModifiers: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let control = KeyModifiers(rawValue: 1 << 0)
    public static let alt = KeyModifiers(rawValue: 1 << 1)
    public static let shift = KeyModifiers(rawValue: 1 << 2)
}

extension KeyEvent {
    /// Parses a key name as a config file writes it: `ctrl+c`, `alt+enter`, `shift+tab`, `f1`,
    /// `pgup`, `x`. Nil when the name is not a key.
    public init?(name: String) {
        var modifiers: KeyModifiers = []
        var parts = name.lowercased().split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 1, parts.last == "", parts.dropLast().last == "" {
            parts = Array(parts.dropLast(2)) + ["+"]  // "ctrl++" names the plus key
        }
        guard let last = parts.popLast(), !last.isEmpty else { return nil }
        for part in parts {
            switch part {
            case "ctrl", "control", "c": modifiers.insert(.control)
            case "alt", "meta", "m": modifiers.insert(.alt)
            case "shift", "s": modifiers.insert(.shift)
            default: return nil
            }
        }
        if let key = Key.named[last] {
            self.init(key, modifiers)
        } else if last.hasPrefix("f"), let number = Int(last.dropFirst()), (1...24).contains(number) {
            self.init(.function(number), modifiers)
        } else if last.count == 1, let character = last.first {
            self.init(.character(character), modifiers)
        } else {
            return nil
        }
    }
}
