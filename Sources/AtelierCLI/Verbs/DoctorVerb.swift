import Core
import Foundation
import Providers
import Store

/// `atelier doctor`: checks configuration, keys, the database and every configured server,
/// and prints one line per problem with the URL and the fix.
public struct DoctorVerb: Verb {
    public init() {}
    public let name = "doctor"
    public let summary = "check configuration, keys, database and every server"
    public let help = """
    Usage: atelier doctor [--json]

    Checks the configuration file, API keys, the database, and asks every configured
    server whether it answers (a few seconds at most). Prints one line per check: ✓ when
    it is fine, ✗ with the URL and the fix when it is not. Exits 0 when every enabled
    server answers, 4 when one does not, 3 for a configuration or key problem. ComfyUI
    (GET /system_stats: version, devices, VRAM) counts only when COMFYUI_URL or
    "comfyui_url" is set; at the default address a failure is shown with ○ and ignored.

    Options:
      --json   one JSON object per check

    """

    struct Check: Encodable {
        var check: String
        var ok: Bool
        var url: String?
        var detail: String
        var fix: String?
        /// True for a check whose failure does not fail `doctor` (ComfyUI at its default address).
        var optional: Bool?
    }

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: .init(flags: [["--json"]]), verb: name)
        guard args.positionals.isEmpty else { throw CLIError.usage("takes no arguments", verb: name) }
        let json = args.has("--json")
        var checks: [Check] = []
        let config = try context.loadConfig()
        checks.append(Check(check: "config", ok: true, url: config.paths.configFile,
                            detail: config.paths.configFileFound ? "read" : "not present (defaults in use)", fix: nil))
        checks.append(await databaseCheck(config, context: context))
        let credentials = context.credentials(for: config)
        var keyProblem = false
        let missing = Set(credentials.problems.filter { $0.value.kind == .missingKey }.keys)
        for (provider, problem) in credentials.problems.sorted(by: { $0.key < $1.key }) where problem.kind != .missingKey {
            keyProblem = true
            checks.append(Check(check: "key \(provider)", ok: false, url: nil, detail: context.redact(problem.message),
                                fix: problem.hint))
        }
        let catalog = ModelCatalog(config: config, credentials: credentials)
        var serverDown = false
        var clients: [any ChatProvider] = []
        for name in catalog.providerNames {
            guard let provider = config.providers[name] else { continue }
            if missing.contains(name) {
                let variable = provider.key.environmentVariable ?? "its API key"
                checks.append(Check(check: "server \(name)", ok: true, url: provider.baseURL,
                                    detail: "skipped: no API key", fix: "set \(variable) to use \(name)"))
                continue
            }
            if credentials.problems[name] != nil { continue }
            do {
                clients.append(try catalog.provider(named: name))
            } catch {
                keyProblem = true
                checks.append(Check(check: "server \(name)", ok: false, url: provider.baseURL,
                                    detail: context.redact(String(describing: error)), fix: nil))
            }
        }
        for reach in await catalog.factory.probeAll(clients) {
            switch reach.outcome {
            case .ok(let detail):
                checks.append(Check(check: "server \(reach.provider)", ok: true, url: reach.url, detail: detail, fix: nil))
            case .failed(let error):
                serverDown = true
                checks.append(Check(check: "server \(reach.provider)", ok: false, url: error.url ?? reach.url,
                                    detail: context.redact(error.message),
                                    fix: error.hint.map(context.redact) ?? Self.disableHint(reach.provider, config)))
            }
        }
        let comfy = await ComfyDoctorProbe.probe(config)
        if !comfy.ok && comfy.required { serverDown = true }
        checks.append(Check(check: "comfyui", ok: comfy.ok, url: comfy.url, detail: comfy.detail, fix: comfy.fix,
                            optional: comfy.required ? nil : true))
        for check in checks {
            if json {
                context.streams.out(JSONLines().line(check))
            } else {
                var line = "\(check.ok ? "✓" : check.optional == true ? "○" : "✗") \(check.check): \(check.detail)"
                if let url = check.url, !check.detail.contains(url) { line += " (\(url))" }
                if let fix = check.fix { line += " — \(fix)" }
                context.streams.outUntrusted(line + "\n")
            }
        }
        if keyProblem { return .configuration }
        if serverDown { return .unreachable }
        return checks.allSatisfy { $0.ok || $0.optional == true } ? .success : .failure
    }

    private func databaseCheck(_ config: ResolvedConfig, context: CLIContext) async -> Check {
        let path = context.databasePath(config)
        do {
            let result = try await context.withStore(config) { try await $0.integrityCheck() }
            let ok = result == ["ok"]
            return Check(check: "database", ok: ok, url: path,
                         detail: ok ? "integrity ok" : "integrity check failed: \(result.prefix(3).joined(separator: "; "))",
                         fix: ok ? nil : "copy the file aside and let Atelier create a new one")
        } catch {
            return Check(check: "database", ok: false, url: path, detail: CLIErrorMapper.map(error).message, fix: nil)
        }
    }

    static func disableHint(_ provider: String, _ config: ResolvedConfig) -> String {
        "if you do not use \(provider), set \"enabled\": false for it in \(config.paths.configFile)"
    }
}
