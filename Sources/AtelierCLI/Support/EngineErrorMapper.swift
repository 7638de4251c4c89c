import Engine

/// Exit codes for the engine's refusals (team sessions, multi-model runs, the chorus): the
/// part of `CLIErrorMapper` that knows the engine's error types. Stateless.
public enum EngineErrorMapper {
    /// The `CLIError` for an engine error, nil when `error` is not one.
    public static func map(_ error: any Error) -> CLIError? {
        switch error {
        case let error as ChorusError:
            return CLIError(error.description, code: code(for: error))
        case let error as MultiModelError:
            switch error {
            case .tooFewModels, .emptyPrompt: return CLIError(error.description, code: .usage)
            case .noSuchSession: return CLIError(error.description, code: .failure)
            }
        case let error as TeamSessionError:
            switch error {
            case .emptyMessage: return CLIError(error.description, code: .usage)
            case .alreadyStarted, .cancelled, .closed, .notFound, .nothingToResume:
                return CLIError(error.description, code: .failure)
            }
        default:
            return nil
        }
    }

    /// An over-budget estimate and an unknown artist are configuration problems (3), like an
    /// unknown model; a malformed list or budget is a wrong command line (2).
    static func code(for error: ChorusError) -> ExitCode {
        switch error {
        case .overBudget, .unknownArtist: return .configuration
        case .emptyPrompt, .noArtists, .duplicateArtist, .invalidArtistSlug, .invalidBudget: return .usage
        case .noSuchGroup, .groupRunning, .nothingToRerun: return .failure
        }
    }
}
