/// How the studio loop paces itself and where it writes what goes wrong. A plain value.
public struct StudioOptions: Sendable, Hashable {
    /// The shortest time between two frames (16 ms: about 60 a second).
    public var frameInterval: Duration
    /// Spinner ticks.
    public var tickInterval: Duration
    /// The longest single wait for input; keeps the loop turning to take outside messages.
    public var inputWait: Duration
    /// How long quitting waits for queued effects (the app committing partial messages).
    public var quitTimeout: Duration
    /// Where a thrown error is written (the crash log, in the data directory); nil: nowhere.
    public var logPath: String?

    public init(frameInterval: Duration = .milliseconds(16), tickInterval: Duration = .milliseconds(100),
                inputWait: Duration = .milliseconds(10), quitTimeout: Duration = .seconds(5), logPath: String? = nil) {
        self.frameInterval = frameInterval
        self.tickInterval = tickInterval
        self.inputWait = inputWait
        self.quitTimeout = quitTimeout
        self.logPath = logPath
    }
}

/// Why the studio stopped with an error (the terminal is already restored). A plain value.
public enum StudioError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No usable terminal: nothing was drawn, the process is untouched.
    case terminalUnavailable(TerminalError)

    public var description: String {
        switch self {
        case .terminalUnavailable(let error): return "cannot open the terminal: \(error.message)"
        }
    }
}
