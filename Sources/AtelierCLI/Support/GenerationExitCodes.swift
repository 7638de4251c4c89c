import Comfy
import Engine

/// Where generation failures meet exit codes: ComfyUI unreachable 4; a refused workflow or
/// an unexpected HTTP answer 5; a missing model or a broken workflow 3 (fix the
/// configuration); a malformed answer 6; cancelled by the person 130; a job that ran and
/// failed (out of memory included) or an output that could not be saved 1. Service
/// refusals: an unknown workflow or a bad `--set` value 2, a broken workflow 3, others 1.
/// Stateless.
public enum GenerationExitCodes {
    public static func code(for error: ComfyError?) -> ExitCode {
        guard let error else { return .success }
        switch error.kind {
        case .unreachable: return .unreachable
        case .rejected, .httpStatus: return .serverError
        case .missingModel, .invalidWorkflow: return .configuration
        case .malformed: return .incomplete
        case .cancelled: return .interrupted
        case .executionFailed, .outOfMemory, .interrupted, .unsafeOutputName, .outputFailed: return .failure
        }
    }

    /// A service refusal as the one line and code the runner prints.
    public static func cliError(_ error: GenerationServiceError, verb: String) -> CLIError {
        switch error.kind {
        case .unknownWorkflow: return CLIError("\(error.message) (see `atelier workflows list`)", code: .usage)
        case .invalidParameter: return CLIError.usage(error.message, verb: verb)
        case .brokenWorkflow: return CLIError("\(error.message) (see `atelier workflows validate`)", code: .configuration)
        case .noSuchGeneration: return CLIError("\(error.message) (see `atelier generations list`)", code: .failure)
        case .busy, .notEditable, .pipeline: return CLIError(error.message, code: .failure)
        }
    }
}
