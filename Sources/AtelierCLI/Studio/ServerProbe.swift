import Core
import Foundation
import Providers
import UI

/// Checks every configured model server once at studio start and reports each as a
/// `serverChanged` (checking, then up or down); a server that is down also gets a
/// conversation note naming the URL that failed and how to fix it. Runs on its own task.
enum ServerProbe {
    static func run(catalog: ModelCatalog, config: ResolvedConfig, sink: AsyncStream<AppMessage>.Continuation) async {
        for name in catalog.providerNames {
            guard let provider = config.providers[name] else { continue }
            sink.yield(.event(.serverChanged(ServerStatus(name: name, url: provider.baseURL, state: .checking))))
        }
        let results = await catalog.discover()
        guard !Task.isCancelled else { return }
        var anyUp = false
        for name in results.keys.sorted() {
            guard let reach = results[name] else { continue }
            if reach.isReachable {
                anyUp = true
                sink.yield(.event(.serverChanged(ServerStatus(name: name, url: reach.url, state: .up))))
            } else if reach.error?.kind == .configuration, config.providers[name]?.isLocal == false {
                // A cloud provider with no key is not in use: shown as unknown, not as a failure.
                let detail = reach.error?.message ?? "not configured"
                sink.yield(.event(.serverChanged(ServerStatus(name: name, url: reach.url, state: .unknown, detail: detail))))
            } else {
                let fix = fixHint(name: name, reach: reach, config: config)
                let detail = (reach.error?.message ?? "no answer") + " — " + fix
                sink.yield(.event(.serverChanged(ServerStatus(name: name, url: reach.url, state: .down, detail: detail))))
            }
        }
        if !anyUp && !results.isEmpty {
            sink.yield(.event(.systemNote("no model server answered: start one (e.g. `ollama serve`, or `make local-model`), "
                + "or point OLLAMA_HOST / OPENAI_BASE_URL at one, then restart atelier", .error)))
        }
    }

    static func fixHint(name: String, reach: Reachability, config: ResolvedConfig) -> String {
        if let hint = reach.error?.hint, !hint.isEmpty { return hint }
        return "start that server or change its URL; if you do not use \(name), set \"enabled\": false for it in "
            + config.paths.configFile
    }
}
