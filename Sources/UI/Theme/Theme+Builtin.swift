/// The built-in default dark theme: the same text as `Themes/default-dark.theme` (a test keeps
/// them equal), compiled in so the studio always has a theme even with no `Themes/` folder.
extension Theme {
    /// The text of the built-in theme, in the theme file format.
    static let defaultDarkSource = """
    name = Default dark
    background = fg:default bg:default
    text = fg:default
    muted = fg:#8a8a8a
    border = fg:#4e4e4e
    title = fg:#d0d0d0 bold
    heading = fg:#87afd7 bold
    selection = bg:#3a3a3a bold
    user = fg:#87d7ff bold
    luna = fg:#d7afff bold
    frame = fg:#87d787 bold
    saga = fg:#ffd787 bold
    pixel = fg:#5fd7d7 bold
    lens = fg:#ff8787 bold
    system = fg:#a8a8a8 italic
    model1 = fg:#ffaf5f bold
    model2 = fg:#5fafff bold
    model3 = fg:#afd75f bold
    model4 = fg:#ff87d7 bold
    model5 = fg:#d7d75f bold
    model6 = fg:#87afaf bold
    error = fg:#ff5f5f bold
    warning = fg:#ffaf00
    success = fg:#5fd75f
    running = fg:#5fafff
    phase = fg:#af87ff bold
    question = fg:#ffd700 bold
    statusBar = fg:#d0d0d0 bg:#303030
    statusKey = fg:#ffffff bg:#303030 bold
    serverUp = fg:#5fd75f bg:#303030
    serverDown = fg:#ff5f5f bg:#303030 bold
    serverUnknown = fg:#8a8a8a bg:#303030
    input = fg:default
    prompt = fg:#87d7ff bold
    placeholder = fg:#6c6c6c italic
    highlight = fg:#ffd700 bold underline
    """

    /// The built-in default dark theme. Its source is checked by a test, so parsing it cannot
    /// fail in a released build; should it ever, every role falls back to the plain style.
    public static let defaultDark: Theme = {
        if let theme = try? ThemeParser.parse(defaultDarkSource, source: "built-in default-dark") { return theme }
        return Theme(name: "Plain", styles: Dictionary(uniqueKeysWithValues: ThemeRole.allCases.map { ($0, Style.plain) }))
    }()
}
