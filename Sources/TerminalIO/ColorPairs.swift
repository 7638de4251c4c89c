internal import CNcurses
import UI

/// Maps styles to ncurses colour pairs and attributes, creating pairs on first use. Colours are
/// first degraded to what the terminal shows (a theme may name RGB on an 8-colour terminal).
/// When the terminal's pairs run out, further combinations use the default pair. Owned by
/// `CursesTerminal`; used only on the loop task.
final class ColorPairs {
    private struct Key: Hashable {
        var foreground: Int16
        var background: Int16
    }

    private var pairs: [Key: Int16] = [:]
    private var next: Int16 = 1
    private let limit: Int
    private let colors: Int
    private let support: ColorSupport

    init(support: ColorSupport, colors: Int, pairLimit: Int) {
        self.support = support
        self.colors = colors
        self.limit = min(pairLimit, Int(Int16.max))
    }

    /// The pair number for a style's colours (0: the terminal's defaults).
    func pair(for style: Style) -> Int16 {
        guard support != .none else { return 0 }
        let key = Key(foreground: number(style.foreground), background: number(style.background))
        if key.foreground == -1 && key.background == -1 { return 0 }
        if let existing = pairs[key] { return existing }
        guard Int(next) < limit else { return 0 }
        let made = next
        guard init_pair(made, key.foreground, key.background) == atelier_nc_ok() else { return 0 }
        pairs[key] = made
        next += 1
        return made
    }

    /// The ncurses colour number (-1: default).
    func number(_ color: Color) -> Int16 {
        switch color.degraded(to: support) {
        case .default: return -1
        case .ansi(let index): return Int16(Int(index) < colors ? Int(index) : Int(index) % 8)
        case .indexed(let index): return Int(index) < colors ? Int16(index) : number(Color.indexed(index).degraded(to: .sixteen))
        case .rgb: return -1
        }
    }

    /// The ncurses attributes for a style's attributes.
    static func attributes(_ attributes: TextAttributes) -> attr_t {
        var result: attr_t = 0
        if attributes.contains(.bold) { result |= atelier_nc_bold() }
        if attributes.contains(.dim) { result |= atelier_nc_dim() }
        if attributes.contains(.italic) { result |= atelier_nc_italic() }
        if attributes.contains(.underline) { result |= atelier_nc_underline() }
        if attributes.contains(.reverse) { result |= atelier_nc_reverse() }
        return result
    }
}
