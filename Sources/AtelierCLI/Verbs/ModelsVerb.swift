import Core
import Foundation
import Providers

/// `atelier models`: the registry (built-in, configured, discovered) with each provider's
/// reachability.
public struct ModelsVerb: Verb {
    public init() {}
    public let name = "models"
    public let summary = "list known models and whether their servers answer"
    public let help = """
    Usage: atelier models [--json] [--offline]

    Lists every model Atelier knows: built-in entries, models from config.json, and what
    local servers (Ollama, local endpoints) report. Each provider is probed first and shown
    with its state. Prices are dollars per 1,000 tokens (in / out).

    Options:
      --json      one JSON object per model, with its provider's reachability
      --offline   do not contact any server; list the registry only

    """

    struct Row: Encodable {
        var model: String
        var provider: String
        var displayName: String
        var contextWindow: Int?
        var maxOutput: Int?
        var pricePer1kInput: Double?
        var pricePer1kOutput: Double?
        var vision: Bool
        var jsonMode: Bool
        var source: String
        var providerReachable: Bool?
        var providerError: String?
    }

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: .init(flags: [["--json"], ["--offline"]]), verb: name)
        guard args.positionals.isEmpty else { throw CLIError.usage("takes no arguments", verb: name) }
        let config = try context.loadConfig()
        let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
        let reach = args.has("--offline") ? [:] : await catalog.discover()
        let byProvider = Dictionary(grouping: catalog.models, by: { $0.ref.provider })
        for provider in catalog.providerNames {
            let models = (byProvider[provider] ?? []).sorted { $0.ref.model < $1.ref.model }
            let state = reach[provider]
            if args.has("--json") {
                for info in models {
                    context.streams.out(JSONLines().line(Row(
                        model: info.ref.description, provider: provider, displayName: info.displayName,
                        contextWindow: info.contextWindow, maxOutput: info.maxOutput,
                        pricePer1kInput: info.pricePer1kInput, pricePer1kOutput: info.pricePer1kOutput,
                        vision: info.capabilities.vision, jsonMode: info.capabilities.jsonMode,
                        source: info.source.rawValue, providerReachable: state?.isReachable,
                        providerError: state?.error.map { context.redact($0.description) })))
                }
                continue
            }
            let url = config.providers[provider]?.baseURL ?? ""
            var header = "\(provider)  \(url)"
            if let state {
                switch state.outcome {
                case .ok(let detail): header += "  ✓ \(detail)"
                case .failed(let error): header += "  ✗ \(context.redact(error.message))"
                }
            }
            context.streams.outUntrusted(header + "\n")
            for info in models {
                context.streams.outUntrusted("  " + Self.line(info) + "\n")
            }
            if models.isEmpty { context.streams.out("  (no models known)\n") }
        }
        return .success
    }

    static func line(_ info: ModelInfo) -> String {
        var parts = [info.ref.description.padding(toLength: 44, withPad: " ", startingAt: 0)]
        parts.append((info.contextWindow.map { "\($0 / 1000)k ctx" } ?? "? ctx").padding(toLength: 9, withPad: " ", startingAt: 0))
        if let pin = info.pricePer1kInput, let pout = info.pricePer1kOutput {
            parts.append(pin == 0 && pout == 0 ? "free" : String(format: "$%.5f / $%.5f", pin, pout))
        } else {
            parts.append("price unknown")
        }
        parts.append("(\(info.source.rawValue))")
        return parts.joined(separator: " ")
    }
}
