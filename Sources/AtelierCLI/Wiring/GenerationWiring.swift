import Comfy
import Core
import Engine
import Foundation
import Net
import Store

/// Builds the ComfyUI side of the app from configuration: where workflows are found (the
/// shipped `Workflows/` folder, then the user's `workflows/` folder next to `config.json`,
/// so `ATELIER_HOME` moves it too), the client for `comfyui_url` / `COMFYUI_URL`, the runner
/// saving under the data directory, and the generation service. Stateless; any task.
public enum GenerationWiring {
    /// The shipped `Workflows/` folder: the first ancestor of the executable's folder that
    /// holds a `Workflows/` with at least one sidecar, else `<prefix>/share/atelier/Workflows`
    /// next to an installed binary; nil when neither exists.
    public static func shippedWorkflowsDirectory(executable: String? = nil) -> String? {
        let path = executable ?? executablePath()
        var directory = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        var candidates: [String] = []
        for _ in 0..<8 {
            candidates.append(directory.appendingPathComponent("Workflows").path)
            if directory.path == "/" { break }
            directory.deleteLastPathComponent()
        }
        let binDirectory = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(binDirectory.deletingLastPathComponent().appendingPathComponent("share/atelier/Workflows").path)
        return candidates.first(where: holdsWorkflows)
    }

    /// The user's workflow folder: `workflows/` next to the config file.
    public static func userWorkflowsDirectory(_ config: ResolvedConfig) -> String {
        (config.paths.configFile as NSString).deletingLastPathComponent + "/workflows"
    }

    /// Shipped first, then the user's (a user pair replaces a shipped one of the same id).
    public static func workflowDirectories(_ config: ResolvedConfig) -> [String] {
        (shippedWorkflowsDirectory().map { [$0] } ?? []) + [userWorkflowsDirectory(config)]
    }

    public static func library(_ config: ResolvedConfig) -> WorkflowLibrary {
        WorkflowLibrary.load(directories: workflowDirectories(config))
    }

    public static func client(_ config: ResolvedConfig, timeouts: HTTPTimeouts = HTTPTimeouts(connect: 5, firstByte: 60, stall: 60)) -> ComfyClient {
        ComfyClient(endpoint: ComfyEndpoint(config.comfyUIURL), timeouts: timeouts)
    }

    /// A runner that waits for an unreachable ComfyUI about `waitSeconds` (nil: for ever;
    /// 0: one try) before the generation fails; with `comfyui_unload_ollama`, it asks the
    /// configured Ollama to unload its models before each job.
    public static func runner(_ config: ResolvedConfig, waitSeconds: Double?) -> GenerationRunner {
        var options = GenerationRunner.Options()
        options.maxServerWaitAttempts = waitSeconds.map { attempts(within: $0, backoff: options.backoff) }
        options.ollamaUnloader = ollamaUnloader(config)
        return GenerationRunner(client: client(config), saver: OutputSaver(dataDirectory: config.paths.dataDirectory),
                                options: options)
    }

    public static func service(_ config: ResolvedConfig, store: Store, waitSeconds: Double?,
                               library: WorkflowLibrary? = nil) -> GenerationService {
        GenerationService(store: store, library: library ?? self.library(config), runner: runner(config, waitSeconds: waitSeconds))
    }

    /// The unloader for the config's Ollama when `comfyui_unload_ollama` is on and the
    /// provider is enabled; nil otherwise.
    public static func ollamaUnloader(_ config: ResolvedConfig) -> OllamaUnloader? {
        guard config.unloadOllamaBeforeGeneration, let ollama = config.providers["ollama"] else { return nil }
        return OllamaUnloader(baseURL: ollama.baseURL)
    }

    /// How many tries fit in `seconds` of backoff waits (at least 1).
    static func attempts(within seconds: Double, backoff: Backoff) -> Int {
        var attempts = 1
        var waited = 0.0
        while attempts < 10_000 {
            let delay = backoff.delay(afterAttempt: attempts)
            guard waited + delay <= seconds else { break }
            waited += delay
            attempts += 1
        }
        return attempts
    }

    private static func holdsWorkflows(_ directory: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return names.contains { $0.hasSuffix(WorkflowTemplate.sidecarSuffix) }
    }

    private static func executablePath() -> String {
        if let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return link }
        return Bundle.main.executablePath ?? CommandLine.arguments.first ?? "."
    }
}
