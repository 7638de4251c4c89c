/// Coordinates the standard-input pump of `atelier team` with its event loop: whether typed
/// lines are still taken (`begin`/`end` bracket each one sent to the session), whether
/// standard input has ended, and whether the person interrupted.
///
/// Invariant: once `closeAndDrain()` returns, no line is being sent and none will be.
/// An actor: the pump task, the event loop and the signal handler all call it.
actor TeamInputGate {
    private var open = true
    private var sending = false
    private(set) var stdinEnded = false
    private(set) var interrupted = false

    /// True when a line may be sent now (and marks it in flight); false once closed.
    func begin() -> Bool {
        guard open else { return false }
        sending = true
        return true
    }

    /// The line in flight has been sent (or refused).
    func end() {
        sending = false
    }

    /// Takes no more lines and waits until the one in flight, if any, is sent.
    func closeAndDrain() async {
        open = false
        while sending {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }

    func markStdinEnded() {
        stdinEnded = true
    }

    func markInterrupted() {
        interrupted = true
    }
}
