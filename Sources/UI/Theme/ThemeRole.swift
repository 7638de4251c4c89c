/// A named part of the screen that a theme styles. Theme files use the raw values as keys.
/// A plain enum; the order is the order a theme file lists them in.
public enum ThemeRole: String, CaseIterable, Sendable, Hashable {
    case background, text, muted, border, title, heading, selection
    case user, luna, frame, saga, pixel, lens, system
    case model1, model2, model3, model4, model5, model6
    case error, warning, success, running, phase, question
    case statusBar, statusKey, serverUp, serverDown, serverUnknown
    case input, prompt, placeholder, highlight

    /// The roles that colour debate models and chorus artists, in the order they are handed out.
    public static let modelPalette: [ThemeRole] = [.model1, .model2, .model3, .model4, .model5, .model6]
}
