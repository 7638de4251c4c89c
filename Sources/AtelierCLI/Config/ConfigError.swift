import Core

/// A configuration or key problem, told so a person can fix it: the file, the line and
/// field when known, what is wrong and the exact fix.
///
/// Invariant: no field ever holds a key value (messages name variables and paths only).
/// A plain value; any actor may read it.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem, for callers that react differently (e.g. `doctor`).
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The config file is not valid JSON or has a value of the wrong type.
        case malformedFile
        /// The config file exists but cannot be read (permissions, a folder, too large).
        case unreadableFile
        /// A value is of the right type but not acceptable (a bad URL, a zero limit).
        case invalidValue
        /// No home folder to put the config and data in.
        case noHomeDirectory
        /// A provider that needs a key has none.
        case missingKey
        /// A key file is readable or writable by group or others.
        case insecureKeyFile
        /// A key file is empty.
        case emptyKeyFile
        /// A key file cannot be read (missing, a folder, too large, not UTF-8).
        case unreadableKeyFile
        /// A key holds spaces or control characters.
        case invalidKey
    }

    public var kind: Kind
    public var message: String
    /// The file concerned (config or key file).
    public var file: String?
    /// 1-based line and column in `file`, when known.
    public var line: Int?
    public var column: Int?
    /// The JSON field (`providers.ollama.base_url`) or environment variable concerned.
    public var field: String?
    /// One line telling the person how to fix it.
    public var hint: String?

    public init(_ kind: Kind, _ message: String, file: String? = nil, line: Int? = nil, column: Int? = nil,
                field: String? = nil, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.field = field
        self.hint = hint
    }

    /// `file:line:column: field: message — fix: hint`, leaving out what is unknown.
    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line {
                text += ":\(line)"
                if let column { text += ":\(column)" }
            }
            text += ": "
        }
        if let field, !message.contains(field) { text += "\(field): " }
        text += message
        if let hint { text += " — fix: \(hint)" }
        return text
    }

    /// The same problem as a provider error of kind `.configuration`, for model calls.
    public var providerError: ProviderError {
        ProviderError(.configuration, message, url: nil, hint: hint)
    }
}
