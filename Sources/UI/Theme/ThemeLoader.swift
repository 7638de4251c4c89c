import Foundation

/// Finds and reads theme files (`Themes/<name>.theme`). Reading files is the only I/O here;
/// it runs once at start and when `/theme` asks for another (through the `loadTheme` effect),
/// never inside `update` or `render`. Callable from any actor.
public enum ThemeLoader {
    /// The name of the built-in theme (also shipped as `Themes/default-dark.theme`).
    public static let defaultName = "default-dark"
    /// Theme files larger than this are refused.
    public static let maximumFileSize = 64 * 1024

    /// Reads `<directory>/<name>.theme`. The name may hold only letters, digits, `-` and `_`, so it
    /// cannot reach outside the directory. Roles the file leaves out come from the default.
    public static func load(named name: String, from directory: String) throws(ThemeError) -> Theme {
        guard !name.isEmpty, name.count <= 64,
              name.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
        else {
            throw ThemeError(source: name.prefix(64).description, line: 0,
                             message: "a theme name is letters, digits, '-' and '_' (available: \(available(in: directory).joined(separator: ", ")))")
        }
        if name == defaultName, !FileManager.default.fileExists(atPath: path(of: name, in: directory)) {
            return .defaultDark
        }
        return try load(path: path(of: name, in: directory))
    }

    /// Reads one theme file.
    public static func load(path: String) throws(ThemeError) -> Theme {
        let shown = (path as NSString).lastPathComponent
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
            throw ThemeError(source: shown, line: 0, message: "cannot read the theme file at \(path)")
        }
        if let size = attributes[.size] as? NSNumber, size.intValue > maximumFileSize {
            throw ThemeError(source: shown, line: 0, message: "the theme file is larger than \(maximumFileSize / 1024) KB")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(source: shown, line: 0, message: "cannot read the theme file at \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(source: shown, line: 0, message: "the theme file is not UTF-8 text")
        }
        return try ThemeParser.parse(text, source: shown, base: .defaultDark)
    }

    /// The theme names found in `directory`, sorted.
    public static func available(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let found = names.filter { $0.hasSuffix(".theme") }.map { String($0.dropLast(6)) }
        return Array(Set(found + [defaultName])).sorted()
    }

    /// The theme to start with: `name` (default when nil) from `directory`. A theme that fails to
    /// load yields the default and a one-line reason the studio shows in its conversation. (Render
    /// degrades the theme to the terminal's colours, so themes are kept as written.)
    public static func startup(named name: String?, directory: String?) -> (theme: Theme, problem: String?) {
        let wanted = name ?? defaultName
        guard let directory else {
            let problem = wanted == defaultName ? nil : "no Themes folder was found; using the default theme"
            return (Theme.defaultDark, problem)
        }
        do {
            return (try load(named: wanted, from: directory), nil)
        } catch {
            return (Theme.defaultDark, "theme \(error.description); using the default theme")
        }
    }

    static func path(of name: String, in directory: String) -> String {
        (directory as NSString).appendingPathComponent("\(name).theme")
    }
}
