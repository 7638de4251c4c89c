import Foundation

/// Process-wide protections applied first thing in `main`, before any key is read.
///
/// Core dumps are disabled, because a core file holds the process's memory and so the API
/// keys it loaded: the core-size limit is set to 0 (soft and hard, so nothing started
/// later can raise it), and, on Linux, `/proc/self/coredump_filter` is set to 0 — when the
/// system pipes core dumps to a program (systemd-coredump, apport), the kernel ignores
/// the size limit, but the filter still leaves every memory mapping out of the dump.
/// `PR_SET_DUMPABLE` is deliberately not used: it would also stop a debugger attaching
/// and Swift's crash backtracer reading the process (see docs/decisions).
/// Stateless; call once from the main thread before anything else runs.
public enum ProcessHardening {
    /// Applies every protection; failures are ignored (they only remove a defence).
    public static func apply() {
        disableCoreDumps()
    }

    static func disableCoreDumps() {
        var limit = rlimit(rlim_cur: 0, rlim_max: 0)
        #if os(Linux)
        _ = setrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit)
        let fd = open("/proc/self/coredump_filter", O_WRONLY | O_CLOEXEC)
        if fd >= 0 {
            _ = write(fd, "0\n", 2)
            close(fd)
        }
        #else
        _ = setrlimit(RLIMIT_CORE, &limit)
        #endif
    }
}
