import Glibc

/// CPU time and peak memory of a process, from `getrusage` or `wait4`. A plain value;
/// `self()` may be called from any thread (it reads the whole process).
struct ResourceUsage: Sendable {
    /// User plus system CPU time, in seconds.
    var cpuSeconds: Double
    /// The system (kernel) part of `cpuSeconds`.
    var systemSeconds: Double
    /// Peak resident set size, in bytes.
    var peakRSSBytes: Double

    init(_ usage: rusage) {
        cpuSeconds = Self.seconds(usage.ru_utime) + Self.seconds(usage.ru_stime)
        systemSeconds = Self.seconds(usage.ru_stime)
        peakRSSBytes = Double(usage.ru_maxrss) * 1024   // Linux reports kilobytes
    }

    /// This process, every thread included.
    static func current() -> ResourceUsage {
        var usage = rusage()
        _ = getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return ResourceUsage(usage)
    }

    private static func seconds(_ time: timeval) -> Double {
        Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000
    }
}

/// Wall and CPU time of a piece of work in this process. A plain value.
struct CPUStopwatch {
    private let start: ResourceUsage
    private let wallStart: ContinuousClock.Instant

    init() {
        start = ResourceUsage.current()
        wallStart = .now
    }

    /// Seconds of CPU (all threads) since the start.
    var cpuSeconds: Double { ResourceUsage.current().cpuSeconds - start.cpuSeconds }

    /// Seconds of CPU in the kernel (all threads) since the start.
    var systemSeconds: Double { ResourceUsage.current().systemSeconds - start.systemSeconds }

    /// Seconds of wall time since the start.
    var wallSeconds: Double { wallStart.duration(to: .now).benchSeconds }
}

extension Duration {
    /// The duration in seconds.
    var benchSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) * 1e-18
    }
}
