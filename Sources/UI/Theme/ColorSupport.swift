/// How many colours the terminal can show, after `NO_COLOR`: decides how a theme degrades
/// (`Theme.degraded(to:)`). Lives in UI so themes degrade in pure code; TerminalIO detects it.
/// A plain value, computed once at start by the terminal loop.
public enum ColorSupport: Int, Sendable, Hashable, Comparable {
    case none = 0
    case eight = 8
    case sixteen = 16
    case many = 256

    /// From the terminal's colour count and the environment (`NO_COLOR` set to anything non-empty wins).
    public static func detect(colors: Int, environment: [String: String]) -> ColorSupport {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        switch colors {
        case ..<8: return .none
        case 8..<16: return .eight
        case 16..<256: return .sixteen
        default: return .many
        }
    }

    public static func < (lhs: ColorSupport, rhs: ColorSupport) -> Bool { lhs.rawValue < rhs.rawValue }
}
