/// How a cell is drawn: foreground, background and attributes. A plain value.
///
/// `patched(with:)` layers one style over another (a widget's highlight over a theme role):
/// colours other than `.default` replace, attributes add.
public struct Style: Sendable, Hashable {
    public var foreground: Color
    public var background: Color
    public var attributes: TextAttributes

    public init(foreground: Color = .default, background: Color = .default, attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// The terminal's default look: default colours, no attributes.
    public static let plain = Style()

    /// This style with `other` laid over it.
    public func patched(with other: Style) -> Style {
        Style(foreground: other.foreground == .default ? foreground : other.foreground,
              background: other.background == .default ? background : other.background,
              attributes: attributes.union(other.attributes))
    }

    /// This style with `extra` attributes added.
    public func adding(_ extra: TextAttributes) -> Style {
        Style(foreground: foreground, background: background, attributes: attributes.union(extra))
    }

    /// The style with its colours mapped onto what the terminal can show.
    public func degraded(to support: ColorSupport) -> Style {
        Style(foreground: foreground.degraded(to: support), background: background.degraded(to: support),
              attributes: attributes)
    }
}

/// Text attributes a cell may carry. A plain option set.
public struct TextAttributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let italic = TextAttributes(rawValue: 1 << 2)
    public static let underline = TextAttributes(rawValue: 1 << 3)
    public static let reverse = TextAttributes(rawValue: 1 << 4)

    /// The attribute names a theme file uses, with their values.
    public static let named: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("italic", .italic), ("underline", .underline), ("reverse", .reverse),
    ]
}
