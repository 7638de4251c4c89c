import AtelierCLI
import Dispatch
import Foundation

// Before anything else: no core dumps (they would hold the API keys).
ProcessHardening.apply()
// The main thread waits on a semaphore while the command runs on the cooperative pool. A
// top-level `await` would end the main thread instead (`dispatch_main` calls `pthread_exit`),
// whose forced unwinding binary-searches the unwind tables: ~0.8 MB of memory for nothing.
exit(ExitCodeBox.run(Array(CommandLine.arguments.dropFirst())))

/// Carries the exit code from the command's task to the main thread, which waits for it
/// with every signal unblocked. Written once by that task before it signals; read by the
/// main thread after the wait.
final class ExitCodeBox: @unchecked Sendable {
    private var code: Int32 = 1
    private let done = DispatchSemaphore(value: 0)

    /// Runs the command line on a detached task and blocks the calling thread until it ends.
    static func run(_ arguments: [String]) -> Int32 {
        let box = ExitCodeBox()
        Task.detached {
            box.code = await CommandLineRunner.run(arguments)
            box.done.signal()
        }
        // As `dispatch_main` parks the main thread in `sigsuspend` with an empty mask, this
        // thread waits accepting every signal: the worker threads block them, so handlers
        // installed with `sigaction` (ncurses' SIGWINCH) run here.
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        box.done.wait()
        return box.code
    }
}
