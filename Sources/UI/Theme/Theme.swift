/// A set of styles, one per `ThemeRole`, read from a file in `Themes/` (see `ThemeParser`).
///
/// Invariant: every role has a style (roles a file leaves out take the built-in default dark
/// theme's). `degraded(to:)` maps the colours onto what the terminal shows; with no colour at
/// all, a role whose background carried its meaning (status bar, selection) becomes reverse
/// video, so it stays visible. A plain value, part of `AppState`.
public struct Theme: Sendable, Hashable {
    public var name: String
    public private(set) var styles: [ThemeRole: Style]

    public init(name: String, styles: [ThemeRole: Style]) {
        self.name = name
        self.styles = styles
    }

    /// The style of `role` (plain if, against the invariant, it is missing).
    public subscript(role: ThemeRole) -> Style {
        get { styles[role] ?? .plain }
        set { styles[role] = newValue }
    }

    /// The style a speaker's name is drawn in; models and artists take palette colours in the
    /// order they first spoke (`paletteIndex`).
    public func style(for speaker: Speaker, paletteIndex: Int) -> Style {
        switch speaker {
        case .user: return self[.user]
        case .system: return self[.system]
        case .specialist(let specialist):
            switch specialist {
            case .luna: return self[.luna]
            case .frame: return self[.frame]
            case .saga: return self[.saga]
            case .pixel: return self[.pixel]
            case .lens: return self[.lens]
            }
        case .model, .artist:
            let palette = ThemeRole.modelPalette
            return self[palette[((paletteIndex % palette.count) + palette.count) % palette.count]]
        }
    }

    /// The theme as a terminal with `support` can show it.
    public func degraded(to support: ColorSupport) -> Theme {
        var result = self
        for (role, style) in styles {
            var mapped = style.degraded(to: support)
            if support == .none, style.background != .default, !style.attributes.contains(.reverse) {
                mapped.attributes.insert(.reverse)
            }
            result.styles[role] = mapped
        }
        return result
    }
}
