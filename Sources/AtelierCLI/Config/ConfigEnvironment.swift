import Foundation

/// The outside world the configuration reads: environment variables and the current
/// directory. Injected everywhere so tests run with their own values and temp folders;
/// only `current()` looks at the process. Its description, dump and reflection list the
/// variable names only, since values include API keys. A plain value; any actor may use it.
public struct ConfigEnvironment: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable {
    public var variables: [String: String]
    /// Absolute path relative paths (`ATELIER_HOME=./x`) are resolved against.
    public var currentDirectory: String

    public init(variables: [String: String], currentDirectory: String = "/") {
        self.variables = variables
        self.currentDirectory = currentDirectory
    }

    /// `ConfigEnvironment(HOME, OPENAI_API_KEY, …; cwd /x)`: names, never values.
    public var description: String {
        "ConfigEnvironment(" + variables.keys.sorted().joined(separator: ", ") + "; cwd \(currentDirectory))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: ["summary": description], displayStyle: .struct)
    }

    /// The running process's environment and working directory.
    public static func current() -> ConfigEnvironment {
        ConfigEnvironment(variables: ProcessInfo.processInfo.environment,
                          currentDirectory: FileManager.default.currentDirectoryPath)
    }

    /// The variable's value with surrounding whitespace removed; nil when unset or blank.
    public subscript(_ name: String) -> String? {
        guard let raw = variables[name] else { return nil }
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// `path` with a leading `~` expanded (from `HOME`) and made absolute against `base`
    /// (default: the current directory), with `.`/`..` and repeated slashes removed.
    public func absolutePath(_ path: String, relativeTo base: String? = nil) -> String {
        var expanded = path
        if let home = self["HOME"] {
            if expanded == "~" {
                expanded = home
            } else if expanded.hasPrefix("~/") {
                expanded = home + expanded.dropFirst(1)
            }
        }
        if !expanded.hasPrefix("/") {
            expanded = (base ?? currentDirectory) + "/" + expanded
        }
        return Self.normalize(expanded)
    }

    /// Removes `.`, `..`, empty components and the trailing slash from an absolute path.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
    }
}
