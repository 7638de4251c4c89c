import Core
import Net

/// The answer to "does this provider answer?", as `atelier doctor` and `atelier models`
/// show it: the provider, where it was asked, how long it took, and either a short detail
/// (`Ollama 0.12.3`, `3 models`) or the `ProviderError` that explains the failure. A plain value.
public struct Reachability: Sendable, Hashable {
    /// What came back.
    public enum Outcome: Sendable, Hashable {
        /// The server answered as expected; `detail` is one short line.
        case ok(detail: String)
        /// The server did not answer, or answered with an error.
        case failed(ProviderError)
    }

    public var provider: String
    /// The URL that was asked (never carries a key).
    public var url: String
    public var outcome: Outcome
    /// Seconds the probe took.
    public var elapsed: Double

    public init(provider: String, url: String, outcome: Outcome, elapsed: Double) {
        self.provider = provider
        self.url = url
        self.outcome = outcome
        self.elapsed = elapsed
    }

    public var isReachable: Bool {
        if case .ok = outcome { return true }
        return false
    }

    /// The error, when it failed.
    public var error: ProviderError? {
        if case .failed(let error) = outcome { return error }
        return nil
    }
}

extension ProviderTransport {
    /// Runs one probe request with the probe limits and no retries, bounded in total by
    /// `settings.probeTimeout`; `describe` turns the parsed JSON into the detail line.
    func probe(method: String = "GET", path: String, headers: [HTTPHeader] = [],
               describe: @escaping @Sendable (Any) -> String) async -> Reachability {
        let clock = ContinuousClock()
        let start = clock.now
        let request = self.request(method: method, path: path, headers: headers,
                                   timeouts: settings.probeTimeouts, maxResponseBytes: 16 << 20)
        let url = BaseURL.redact(base.displayAppending(path))
        let total = settings.probeTimeout
        let transport = self
        let outcome: Reachability.Outcome = await withTaskGroup(of: Reachability.Outcome?.self) { group in
            group.addTask {
                do throws(ProviderError) {
                    let value = try await transport.fetchJSON(request, policy: .never)
                    return .ok(detail: describe(value))
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(max(0.001, total)))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failed(ProviderError(
                .firstByteTimeout, "\(transport.identity.name) did not answer within \(Self.seconds(total)) at \(url)",
                url: url, hint: transport.unreachableHint))
        }
        return Reachability(provider: identity.name, url: url, outcome: outcome, elapsed: start.duration(to: clock.now).seconds)
    }
}
