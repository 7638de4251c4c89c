import Foundation
import TestSupport

/// One crash-safety trial: `atelier ask PROMPT` streaming a paced reply into its database,
/// killed with SIGKILL after `killAfter` seconds (or left to finish when it ends first),
/// with a timeline of how many stdout bytes the harness had seen when.
///
/// The "reported committed" rule: `ask` appends each piece to its stream writer before it
/// prints it, and the writer commits buffered text at most 250 ms after the first
/// unwritten append. So every stdout byte the harness had seen `committedMargin` seconds
/// (1 s: four flush intervals, generous for a loaded two-core machine) before the kill was
/// reported committed and must be in the database. A plain value filled on the test's task.
struct KillTrial: Sendable {
    /// Seconds between a byte appearing on stdout and when it must be in the database.
    static let committedMargin = 1.0

    var prompt: String
    var killAfter: Double
    /// (seconds since start, stdout bytes seen by then), in order.
    var timeline: [(Double, Int)] = []
    var killedAt: Double?
    var exitStatus: Int32 = 0
    var signalled = false
    var stdout = ""
    var stderr = ""

    /// The stdout bytes seen at least `committedMargin` seconds before the kill (all of
    /// them when the process was not killed).
    var reportedCommittedBytes: Int {
        guard let killedAt else { return stdout.utf8.count }
        return timeline.last { $0.0 <= killedAt - Self.committedMargin }?.1 ?? 0
    }

    /// How long the oldest stdout byte missing from the database (`stored` bytes) had been
    /// on stdout when the process was killed; 0 when nothing was missing.
    func uncommittedAge(stored: Int) -> Double {
        guard let killedAt, let first = timeline.first(where: { $0.1 > stored }) else { return 0 }
        return max(0, killedAt - first.0)
    }

    /// Runs the trial in `home`.
    static func run(prompt: String, killAfter: Double, home: String) async throws -> KillTrial {
        var trial = KillTrial(prompt: prompt, killAfter: killAfter)
        let start = ContinuousClock.now
        let timeline = TimelineBox()
        let child = AtelierProcess(["ask", prompt], home: home, environment: Hardening.canaryEnvironment) { text in
            timeline.record(Hardening.seconds(since: start), text.utf8.count)
        }
        try child.start()
        let deadline = start + .seconds(killAfter)
        while child.process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(2))
        }
        if child.process.isRunning {
            trial.killedAt = Hardening.seconds(since: start)
            kill(child.process.processIdentifier, SIGKILL)
        }
        let result = await child.wait(timeout: 30)
        trial.timeline = timeline.entries
        trial.exitStatus = result.status
        trial.signalled = result.signalled
        trial.stdout = result.stdout
        trial.stderr = result.stderr
        if !result.signalled { trial.killedAt = nil }
        return trial
    }
}

/// A thread-safe timeline for the output hook.
final class TimelineBox: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(Double, Int)] = []

    func record(_ time: Double, _ bytes: Int) { lock.withLock { list.append((time, bytes)) } }

    var entries: [(Double, Int)] { lock.withLock { list } }
}
