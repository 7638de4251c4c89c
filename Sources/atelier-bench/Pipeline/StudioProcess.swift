import Foundation
import Glibc
import TerminalIO

/// The release `atelier` studio as a person starts it: the binary spawned with no verb on a
/// pseudo-terminal (TerminalIO's `PseudoTerminal`, 100×30, TERM=xterm-256color), so the real
/// ncurses adapter draws real bytes; the benchmark reads them from the controller side and
/// types into it. Spawned, not in process, because start-up and resident memory are the
/// process's own: libraries loaded, runtime initialised, heap. Owned by one measure; its
/// waits run through `Blocking.run`.
final class StudioProcess: @unchecked Sendable {
    let pty: PseudoTerminal
    let child: ChildProcess

    /// Spawns the studio with `home` as its ATELIER_HOME.
    init(_ context: BenchContext, home: String) throws {
        do {
            pty = try PseudoTerminal(rows: 30, columns: 100)
        } catch {
            throw BenchError(error.description)
        }
        let terminal = pty.terminal
        child = try ChildProcess(path: context.atelierBinary, arguments: [], environment: StudioRig.environment(home: home),
                                 stdin: .descriptor(terminal), stdout: .descriptor(terminal), stderr: .descriptor(terminal))
    }

    /// Blocks until the drawn bytes contain `needle` (polling every 0.2 ms) and returns the
    /// instant it was seen; nil after `timeout` seconds or when the process ended.
    func waitForOutput(_ needle: String, timeout: Double) -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        while ContinuousClock.now < deadline {
            if pty.transcript.contains(needle) { return .now }
            if kill(child.pid, 0) != 0 { return nil }
            usleep(200)
        }
        return nil
    }

    /// Blocks until no byte has been drawn for `quiet` seconds (nothing streams, no spinner
    /// turns), at most `timeout` seconds; returns whether it got quiet.
    func waitForQuiet(_ quiet: Double, timeout: Double) -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
        var lastCount = -1
        var lastChange = ContinuousClock.now
        while ContinuousClock.now < deadline {
            let count = pty.transcript.utf8.count
            if count != lastCount {
                lastCount = count
                lastChange = .now
            } else if lastChange.duration(to: .now) >= .milliseconds(Int(quiet * 1000)) {
                return true
            }
            usleep(20_000)
        }
        return false
    }

    /// Quits with Ctrl+Q and reaps the process (SIGKILL when it has not quit within 10 s).
    func quit() -> ChildProcess.Exit {
        pty.type("\u{11}")
        let pid = child.pid
        let watchdog = Thread {
            for _ in 0..<1000 {
                if kill(pid, 0) != 0 { return }
                usleep(10_000)
            }
            kill(pid, SIGKILL)
        }
        watchdog.start()
        let exit = child.wait()
        pty.close()
        return exit
    }
}
