import Core
import Net

/// The errors a `ProviderTransport` makes: one clear line naming the provider and URL, the
/// kind that tells the caller what to do, a hint, and the partial text; secrets removed.
extension ProviderTransport {
    /// The error for a required key that is missing, naming the variable to set; nil when fine.
    func missingKey(path: String) -> ProviderError? {
        guard keyRequired, key == nil else { return nil }
        let variable = identity.apiKeyVariable.map { "set \($0) to a valid API key" } ?? "configure an API key for it"
        return ProviderError(.configuration, "no API key for \(identity.name)", url: base.displayAppending(path),
                             hint: variable)
    }

    /// The `ProviderError` for an HTTP failure; `contentStarted` tells a broken reply from a
    /// failed connection. Carries `partialText`; secrets removed.
    func providerError(for error: HTTPError, contentStarted: Bool, partialText: String) -> ProviderError {
        let name = identity.name
        let url = error.url
        let result: ProviderError
        switch error.kind {
        case .connectionRefused, .couldNotResolve, .connectTimeout:
            result = ProviderError(.unreachable, "cannot reach \(name) at \(url): \(error.message)",
                                   url: url, hint: unreachableHint)
        case .transport where !contentStarted:
            result = ProviderError(.unreachable, "no HTTP answer from \(name) at \(url): \(error.message)",
                                   url: url, hint: unreachableHint)
        case .transport:
            result = ProviderError(.incomplete, "the connection to \(name) broke before the reply ended: \(error.message)",
                                   url: url, hint: "try again; the answer so far is kept")
        case .firstByteTimeout:
            result = ProviderError(.firstByteTimeout,
                                   "\(name) sent nothing within \(Self.seconds(settings.firstByteTimeout)) at \(url)",
                                   url: url, hint: "the model may still be loading; try again or raise the first-byte timeout")
        case .stalled:
            result = stalled(url: url)
        case .tooLarge:
            result = ProviderError(.tooLarge, "the answer of \(name) is larger than \(settings.maxResponseBytes) bytes",
                                   url: url, hint: "ask for a shorter reply (max tokens)")
        case .cancelled:
            result = ProviderError(.cancelled, "the request to \(name) was cancelled", url: url)
        case .invalidURL:
            result = ProviderError(.configuration, "the URL \(url) of \(name) is not usable: \(error.message)",
                                   url: url, hint: "check the base URL")
        }
        return result.withPartialText(partialText).redacting(redactor)
    }

    /// The error for content that stopped coming for longer than the stall limit.
    func stalled(url: String) -> ProviderError {
        ProviderError(.stalled, "\(identity.name) stopped sending the reply for more than \(Self.seconds(settings.stallTimeout)) at \(url)",
                      url: url, hint: "the server may be overloaded or stuck; try again")
    }

    /// The error for keep-alives with no content until the first-byte limit.
    func noContent(url: String) -> ProviderError {
        ProviderError(.firstByteTimeout,
                      "\(identity.name) sent no content within \(Self.seconds(settings.firstByteTimeout)) at \(url) (only keep-alives)",
                      url: url, hint: "the model may still be loading or queued; try again or raise the first-byte timeout")
    }

    /// The error for a reply that went past the whole-request limit.
    func requestLimit(url: String, contentStarted: Bool, partialText: String) -> ProviderError {
        let limit = Self.seconds(settings.requestTimeout ?? 0)
        let url = BaseURL.redact(url)
        return ProviderError(contentStarted ? .stalled : .firstByteTimeout,
                             "\(identity.name) did not finish the reply within the request limit of \(limit) at \(url)",
                             url: url, hint: "raise the request timeout, or ask for a shorter reply",
                             partialText: partialText).redacting(redactor)
    }

    func cancelled(url: String) -> ProviderError {
        ProviderError(.cancelled, "the request to \(identity.name) was cancelled", url: BaseURL.redact(url))
    }

    /// "5 s", "0.5 s".
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? "\(Int(value)) s" : "\(value) s"
    }
}
