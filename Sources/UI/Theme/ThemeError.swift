/// Why a theme file could not be used: which file, which line (0 when the file itself failed)
/// and what was wrong, as one line a person can act on. A plain value.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var source: String
    public var line: Int
    public var message: String

    public init(source: String, line: Int, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    public var description: String {
        line > 0 ? "\(source):\(line): \(message)" : "\(source): \(message)"
    }
}
