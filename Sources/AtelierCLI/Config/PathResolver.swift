import Core

/// Finds the config file and data folder from the environment:
/// 1. `ATELIER_HOME` set: `$ATELIER_HOME/config.json` and `$ATELIER_HOME/data` (relative
///    values are taken from the current directory, `~` expands);
/// 2. otherwise `$XDG_CONFIG_HOME/atelier/config.json` (default `~/.config`) and
///    `$XDG_DATA_HOME/atelier` (default `~/.local/share`). Relative XDG values are ignored,
///    as the XDG Base Directory spec requires.
/// Pure; any actor may call it.
public enum PathResolver {
    public static func resolve(_ environment: ConfigEnvironment) throws(ConfigError) -> AtelierPaths {
        if let home = environment["ATELIER_HOME"] {
            let root = environment.absolutePath(home)
            return AtelierPaths(configFile: join(root, "config.json"), dataDirectory: join(root, "data"))
        }
        let configBase = try xdgDirectory("XDG_CONFIG_HOME", fallback: ".config", environment)
        let dataBase = try xdgDirectory("XDG_DATA_HOME", fallback: ".local/share", environment)
        return AtelierPaths(configFile: join(configBase, "atelier/config.json"),
                            dataDirectory: join(dataBase, "atelier"))
    }

    private static func xdgDirectory(_ variable: String, fallback: String,
                                     _ environment: ConfigEnvironment) throws(ConfigError) -> String {
        if let value = environment[variable], value.hasPrefix("/") {
            return ConfigEnvironment.normalize(value)
        }
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw ConfigError(.noHomeDirectory,
                              "cannot place the config and data folders: HOME is not set to an absolute path",
                              field: "HOME",
                              hint: "set HOME, or ATELIER_HOME=/path/to/atelier to keep everything in one folder")
        }
        return join(ConfigEnvironment.normalize(home), fallback)
    }

    private static func join(_ base: String, _ tail: String) -> String {
        base == "/" ? "/" + tail : base + "/" + tail
    }
}
