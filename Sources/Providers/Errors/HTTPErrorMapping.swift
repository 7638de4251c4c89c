import Core
import Foundation

/// Turns a non-2xx HTTP answer into the `ProviderError` a person sees: the kind decides what
/// the caller does (authentication, model not found, rate limited, other HTTP failure), the
/// message is one line naming the provider, the status and the server's own words, and the
/// hint says how to fix it. Stateless; callable from anywhere.
///
/// Kinds: 401/403 → `.authentication` (the hint names the key's environment variable);
/// 404, `code: model_not_found` or `type: not_found_error` → `.modelNotFound`; 429 and 402
/// (credits, billing) → `.rateLimited` (`insufficient_quota` and billing say waiting will not
/// help); anything else → `.http`. Every result carries `status` and `url`.
public enum HTTPErrorMapping {
    /// The error for `status` with `body`. Each string in `secrets` (the API key) is replaced
    /// by `[redacted]` wherever the server echoed it.
    public static func error(status: Int, body: [UInt8], provider: ProviderIdentity,
                             url: String? = nil, secrets: [String] = []) -> ProviderError {
        let parsed = HTTPErrorBody(parsing: body)
        var said = parsed.message.isEmpty ? "no error message in the body" : parsed.message
        for secret in secrets where secret.count >= 4 {
            said = said.replacingOccurrences(of: secret, with: "[redacted]")
        }
        let labels = [parsed.type, parsed.code].compactMap { $0 }.filter { $0 != String(status) && !said.contains($0) }
        let detail = labels.isEmpty ? said : "\(said) (\(labels.joined(separator: ", ")))"
        let message = "\(provider.name) answered HTTP \(status): \(detail)"
        let (kind, hint) = classify(status: status, body: parsed, provider: provider)
        return ProviderError(kind, message, url: url, status: status, hint: hint)
    }

    /// The kind and the fix for one answer.
    static func classify(status: Int, body: HTTPErrorBody, provider: ProviderIdentity) -> (ProviderError.Kind, String?) {
        let markers = Set([body.type, body.code].compactMap { $0?.lowercased() })
        switch status {
        case 401, 403:
            return (.authentication, authenticationHint(status: status, provider: provider))
        case _ where status == 404 || markers.contains("model_not_found") || markers.contains("not_found_error"):
            return (.modelNotFound, "check the model name (`atelier models` lists what \(provider.name) has) and the base URL")
        case 429 where markers.contains("insufficient_quota"):
            return (.rateLimited, "the account's quota is used up: waiting will not clear this; check its plan and billing")
        case 429:
            return (.rateLimited, "too many requests; wait a moment and try again")
        case 402:
            return (.rateLimited, "out of credits or a billing problem: waiting will not clear this; check the account's billing")
        case _ where markers.contains("exceed_context_size_error") || markers.contains("context_length_exceeded"):
            return (.http, "the conversation is longer than the model's context window; shorten it or pick a larger model")
        case 529:
            return (.http, "the service is overloaded; try again in a moment")
        case 500...:
            return (.http, "the server failed; it may pass if you try again")
        default:
            return (.http, nil)
        }
    }

    private static func authenticationHint(status: Int, provider: ProviderIdentity) -> String {
        guard let variable = provider.apiKeyVariable else {
            return "\(provider.name) wants a valid API key; configure one for it"
        }
        return status == 401
            ? "set \(variable) to a valid API key for \(provider.name)"
            : "the key in \(variable) was refused for this request; check its permissions"
    }
}
