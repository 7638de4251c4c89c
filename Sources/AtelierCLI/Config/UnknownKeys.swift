import Core

/// Finds keys in `config.json` that Atelier does not know (usually typos such as
/// `defualt_model`) and words a warning for each, with its line. Unknown keys are ignored,
/// not fatal, so a config written for a newer Atelier still loads. Pure; any thread.
enum UnknownKeys {
    static func warnings(_ locator: JSONLocator, file: String) -> [String] {
        var warnings: [String] = []
        for (path, line) in locator.members {
            guard let problem = problem(with: path) else { continue }
            warnings.append("\(file):\(line): \(FieldPath.display(path)): \(problem)")
        }
        return warnings
    }

    /// Why the member at `path` is not understood, or nil when it is.
    private static func problem(with path: [String]) -> String? {
        guard let section = path.first else { return nil }
        switch path.count {
        case 1:
            return AtelierConfig.knownKeys.contains(section) ? nil : "unknown key (ignored)"
        case 2 where section == "providers":
            if AtelierDefaults.builtInProviderNames.contains(path[1].lowercased()) { return nil }
            return "unknown provider (ignored); the built-in ones are "
                + AtelierDefaults.builtInProviderNames.joined(separator: ", ")
                + "; put custom OpenAI-compatible servers under \"endpoints\""
        case 3 where section == "providers" || section == "endpoints":
            return ProviderSettings.knownKeys.contains(path[2]) ? nil : "unknown key (ignored)"
        case 4 where (section == "providers" || section == "endpoints") && path[2] == "timeouts":
            return TimeoutSettings.knownKeys.contains(path[3]) ? nil : "unknown timeout (ignored)"
        case 2 where section == "timeouts":
            return TimeoutSettings.knownKeys.contains(path[1]) ? nil : "unknown timeout (ignored)"
        case 3 where section == "models":
            return ModelOverride.knownKeys.contains(path[2]) ? nil : "unknown model field (ignored)"
        default:
            return nil
        }
    }
}
