import Foundation

/// Entry point of the `atelier` command: finds the verb, handles `--help` and `--version`,
/// runs it, and turns every error into one clear line on standard error and an exit code.
/// Called once, from `main`.
public enum CommandLineRunner {
    /// Every verb, in help order.
    static func verbs() -> [any Verb] {
        [AskVerb(), TeamVerb(), DebateVerb(), ChorusVerb(), RunsVerb(), GenerateVerb(), WorkflowsVerb(), GenerationsVerb(),
         ModelsVerb(), SessionsVerb(), SearchVerb(), UsageVerb(),
         DoctorVerb()]
    }

    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) async -> Int32 {
        let streams = StandardStreams()
        guard let first = arguments.first else {
            // The studio needs a terminal on both ends; piped or redirected, print the overview.
            guard isatty(0) == 1, isatty(1) == 1 else {
                streams.out(overview())
                return ExitCode.success.rawValue
            }
            return await StudioApp.run(context: CLIContext(environment: environment, streams: streams)).rawValue
        }
        switch first {
        case "--version", "-V", "version":
            streams.out("atelier \(AtelierVersion.string)\n")
            return ExitCode.success.rawValue
        case "--help", "-h", "help":
            if arguments.count > 1, let verb = verbs().first(where: { $0.name == arguments[1] }) {
                streams.out(verb.help)
            } else {
                streams.out(overview())
            }
            return ExitCode.success.rawValue
        default:
            break
        }
        guard let verb = verbs().first(where: { $0.name == first }) else {
            streams.errUntrusted("atelier: unknown verb '\(first.prefix(40))' (see `atelier --help`)\n")
            return ExitCode.usage.rawValue
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            streams.out(verb.help)
            return ExitCode.success.rawValue
        }
        let context = CLIContext(environment: environment, streams: streams)
        do {
            return try await verb.run(rest, context: context).rawValue
        } catch let error as CLIError {
            streams.errUntrusted("atelier \(verb.name): \(context.redact(error.message))\n")
            return error.code.rawValue
        } catch {
            let classified = CLIErrorMapper.map(error)
            streams.errUntrusted("atelier \(verb.name): \(context.redact(classified.message))\n")
            return classified.code.rawValue
        }
    }

    /// The text of `atelier --help`.
    static func overview() -> String {
        var text = """
        atelier \(AtelierVersion.string) — a terminal creative studio

        Usage: atelier                    the terminal studio (on a terminal)
               atelier <verb> [options]

        Verbs:

        """
        for verb in verbs() {
            text += "  \(verb.name.padding(toLength: 13, withPad: " ", startingAt: 0))\(verb.summary)\n"
        }
        text += """

          help VERB    print a verb's help (also `atelier VERB --help`)
          --version    print the version

        Every verb that prints records takes --json (one JSON object per line).

        Exit codes:

        """
        for code in ExitCode.allCases {
            text += "  \(String(code.rawValue).padding(toLength: 4, withPad: " ", startingAt: 0)) \(code.meaning)\n"
        }
        text += """

        Configuration: $XDG_CONFIG_HOME/atelier/config.json, data in $XDG_DATA_HOME/atelier/
        ($ATELIER_HOME moves both). Keys: OPENAI_API_KEY, ANTHROPIC_API_KEY, OPENROUTER_API_KEY
        or a 0600 file named by <NAME>_FILE. Servers: OLLAMA_HOST, OPENAI_BASE_URL, COMFYUI_URL.

        """
        return text
    }
}
