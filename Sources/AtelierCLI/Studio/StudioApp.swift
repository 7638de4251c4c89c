import Core
import Engine
import Foundation
import Providers
import Store
import TerminalIO
import UI

/// `atelier` with no verb on a terminal: loads the config, opens the store and the model
/// catalog, probes the servers in the background, and runs the studio until quit. Signals
/// (SIGINT, SIGTERM, SIGHUP) arrive as `.terminate`, so every exit commits partial messages
/// (the `.quit` effect) before the terminal is given back. A crash log lives in the data
/// directory. Called once, from `CommandLineRunner` on the main task (or by the benchmark,
/// with a headless backend).
public enum StudioApp {
    static func run(context: CLIContext) async -> ExitCode {
        await run(context: context) { CursesTerminal(configuration: .init(crashLogPath: $0)) }
    }

    /// The same studio on the terminal `makeTerminal` gives (it is passed the crash log's path):
    /// `atelier-bench` runs the whole studio — config, store, engine bridge, loop — on a
    /// headless backend this way. Returns when the studio quits.
    public static func run(context: CLIContext, makeTerminal: (String) -> any TerminalBackend) async -> ExitCode {
        do {
            let config = try context.loadConfig()
            try FileManager.default.createDirectory(atPath: config.paths.dataDirectory, withIntermediateDirectories: true)
            let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
            return try await context.withRunStore(config) { store in
                try await runStudio(context: context, config: config, catalog: catalog, store: store, makeTerminal: makeTerminal)
            }
        } catch let error as CLIError {
            context.streams.errUntrusted("atelier: \(context.redact(error.message))\n")
            return error.code
        } catch {
            let classified = CLIErrorMapper.map(error)
            context.streams.errUntrusted("atelier: \(context.redact(classified.message))\n")
            return classified.code
        }
    }

    private static func runStudio(context: CLIContext, config: ResolvedConfig, catalog: ModelCatalog, store: Store,
                                  makeTerminal: (String) -> any TerminalBackend) async throws -> ExitCode {
        let logPath = (config.paths.dataDirectory as NSString).appendingPathComponent("crash.log")
        let (theme, problem) = ThemeLoader.startup(named: context.environment["ATELIER_THEME"],
                                                   directory: themesDirectory(context))
        let (messages, sink) = AsyncStream<AppMessage>.makeStream()
        if let problem { sink.yield(.event(.systemNote(problem, .warning))) }
        let bridge = EngineBridge(store: store, catalog: catalog, config: config, sink: sink)
        let trap = SignalTrap { sink.yield(.terminate(signal: $0)) }
        defer { trap.cancel() }
        let probe = Task { await ServerProbe.run(catalog: catalog, config: config, sink: sink) }
        let state = AppState(theme: theme, keymap: Keymap.standard)
        let terminal = makeTerminal(logPath)
        do {
            _ = try await Studio.run(initialState: state, messages: messages,
                                     handleEffect: { await bridge.perform($0) },
                                     terminal: terminal, options: StudioOptions(logPath: logPath))
        } catch {
            probe.cancel()
            await bridge.shutdown()
            throw CLIError("\(error.description) (the verbs work without a terminal: see `atelier --help`)")
        }
        probe.cancel()
        await bridge.shutdown()
        sink.finish()
        return .success
    }

    /// Where theme files are: `ATELIER_THEMES`, else `Themes/` in the current directory, else
    /// `Themes/` beside the package the binary was built in; nil when none exists.
    static func themesDirectory(_ context: CLIContext) -> String? {
        var candidates: [String] = []
        if let dir = context.environment["ATELIER_THEMES"], !dir.isEmpty { candidates.append(dir) }
        candidates.append((context.currentDirectory as NSString).appendingPathComponent("Themes"))
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("Themes").path)
            folder = folder.deletingLastPathComponent()
        }
        var isDirectory: ObjCBool = false
        return candidates.first { FileManager.default.fileExists(atPath: $0, isDirectory: &isDirectory) && isDirectory.boolValue }
    }
}
