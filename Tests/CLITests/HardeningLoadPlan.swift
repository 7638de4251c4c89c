import Foundation

/// The load suite's sizes and bounds: the full run (5 minutes, a 60 s reading stop, 200
/// resizes in 2 s) with `ATELIER_HARDENING_FULL=1` (`make load-test`), else a short run that
/// keeps `make test` quick. Bounds of the short run are looser: it runs beside other suites.
struct HardeningLoadPlan: Sendable {
    var full: Bool
    var duration: Double
    var slowStreams = 32
    var slowRate = 100.0
    var fastRate = 5000.0
    var pauseSeconds: Double
    var resizes: Int
    var resizeSpan = 2.0
    var cancelStreams = 32
    /// Bounds the run is held to.
    var echoP99Bound: Double
    var recoveryBound: Double
    var cancelBound: Double
    var rssGrowthBoundKiB: Int
    /// Echoes not seen within 5 s that the run tolerates (none in the full run).
    var echoMissesAllowed = 0

    var slowTokens: Int { Int(slowRate * duration) }
    /// Tokens of one fast reply. A reply's SSE body is about 270 bytes a token, and the client
    /// refuses bodies over 64 MiB (`ClientSettings.maxResponseBytes`): 5,000 tokens a second for
    /// 5 minutes in one reply (~400 MB) would be cut at ~240,000 tokens. So the fast stream is a
    /// chain of replies of at most 30 s (150,000 tokens, ~42 MB), each asked as the last ends
    /// (the run's length is a whole number of them, so the last ends with the run).
    var fastTokens: Int { Int(fastRate * min(duration, fastReplySeconds)) }
    var fastReplySeconds = 30.0


    static var current: HardeningLoadPlan {
        ProcessInfo.processInfo.environment["ATELIER_HARDENING_FULL"] == "1" ? .fullRun : .shortRun
    }

    static let fullRun = HardeningLoadPlan(full: true, duration: 300, pauseSeconds: 60, resizes: 200,
                                           echoP99Bound: 0.1, recoveryBound: 1.0, cancelBound: 1.0,
                                           rssGrowthBoundKiB: 16 * 1024)
    /// The short run is part of `make test`, on machines whose load nobody controls (a CI
    /// runner, a laptop building something else): its time bounds only catch a studio that
    /// stopped answering, not a slow one. The issue's bounds hold in the full run
    /// (`make load-test`); speed is the benchmark's to measure. Seen here with three CPU hogs
    /// and a compiler beside it: echo p99 0.71 s, one echo later than 5 s, recovery 2.6 s.
    static let shortRun = HardeningLoadPlan(full: false, duration: 20, pauseSeconds: 3, resizes: 50,
                                            echoP99Bound: 3.0, recoveryBound: 10.0, cancelBound: 10.0,
                                            rssGrowthBoundKiB: 32 * 1024, echoMissesAllowed: 2)
}

/// What one load run measured; printed and written to `$TMPDIR/atelier-load-figures.txt`.
struct HardeningLoadFigures: Sendable {
    var rss: [(seconds: Double, kib: Int)] = []
    var echoes: [Double] = []
    var echoMisses = 0
    var pauseWrites = 0
    var recovery: Double?
    var resizeSurvived = false
    var resizeFrameOK = false
    var resizeWorst = (0, 0)
    var resizeSettle = 0.0
    var cancelSeconds: Double?
    var storedOK = 0
    var storedBad: [String] = []
    var chatSessions = 0
    /// Fast replies asked one after another.
    var fastReplies = 1
    var outputBytes = 0

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * p).rounded()))
        return sorted[index]
    }

    /// RSS growth over the last 40% of the run: mean of its last 5 samples minus mean of its first 5.
    var lateGrowthKiB: Int {
        let window = rss.suffix(max(6, rss.count * 2 / 5)).map(\.kib)
        guard window.count >= 6 else { return 0 }
        let head = window.prefix(5).reduce(0, +) / 5
        let tail = window.suffix(5).reduce(0, +) / 5
        return tail - head
    }

    func report(_ plan: HardeningLoadPlan) -> String {
        let ms = { (value: Double) in String(format: "%.1f ms", value * 1000) }
        var lines = ["atelier load run (\(plan.full ? "FULL" : "short")): \(Int(plan.duration)) s, \(plan.slowStreams) x \(Int(plan.slowRate)) tok/s + 1 x \(Int(plan.fastRate)) tok/s (\(fastReplies) replies of \(plan.fastTokens) tokens one after another)"]
        lines.append("rss KiB (t, kib): " + rss.map { "\(Int($0.seconds))=\($0.kib)" }.joined(separator: " "))
        lines.append("rss growth over the last 40%: \(lateGrowthKiB) KiB; peak \(rss.map(\.kib).max() ?? 0) KiB")
        lines.append("echo: n=\(echoes.count) misses=\(echoMisses) p50=\(ms(Self.percentile(echoes, 0.5))) p99=\(ms(Self.percentile(echoes, 0.99))) max=\(ms(echoes.max() ?? .nan))")
        lines.append("reading stop \(Int(plan.pauseSeconds)) s: database writes seen=\(pauseWrites); screen recovered in \(recovery.map(ms) ?? "never")")
        lines.append("resizes \(plan.resizes) in \(plan.resizeSpan) s: survived=\(resizeSurvived) final-size frame=\(resizeFrameOK) after \(ms(resizeSettle)) (largest position row \(resizeWorst.0) col \(resizeWorst.1) for 28x90)")
        lines.append("cancel \(plan.cancelStreams) streams: sockets closed in \(cancelSeconds.map(ms) ?? "never")")
        lines.append("stored messages equal to what was sent: \(storedOK)/\(plan.slowStreams + fastReplies); chat sessions: \(chatSessions); pty bytes read: \(outputBytes)")
        for bad in storedBad.prefix(5) { lines.append("  mismatch: \(bad)") }
        return lines.joined(separator: "\n")
    }
}
