import Core
import Store

/// Turns any error a verb lets through into one line and an exit code. The single place
/// where error types meet exit codes. Stateless.
public enum CLIErrorMapper {
    public static func map(_ error: any Error) -> CLIError {
        switch error {
        case let error as CLIError:
            return error
        case let error as ProviderError:
            return CLIError(error.description, code: code(for: error.kind))
        case let error as StoreError:
            return CLIError(error.description, code: .storage)
        case is CancellationError:
            return CLIError("interrupted", code: .interrupted)
        default:
            return EngineErrorMapper.map(error) ?? CLIError(String(describing: error), code: .failure)
        }
    }

    /// The exit code for a provider failure.
    public static func code(for kind: ProviderError.Kind) -> ExitCode {
        switch kind {
        case .unreachable, .firstByteTimeout, .stalled: return .unreachable
        case .http, .authentication, .rateLimited: return .serverError
        case .modelNotFound, .configuration: return .configuration
        case .streamError, .incomplete, .malformed, .tooLarge: return .incomplete
        case .cancelled: return .interrupted
        }
    }
}
