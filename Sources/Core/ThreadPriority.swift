#if canImport(Glibc)
import Glibc
#endif

/// Gives a background thread of Atelier's own (the HTTP transfer thread, a database
/// thread) a lower scheduling priority than the studio's loop, so that a key is drawn at
/// once even while many streams keep those threads busy on a two-core machine. Linux keeps a
/// nice value per thread, and `setpriority(PRIO_PROCESS, 0, …)` changes the calling thread's
/// alone. Raising one's own nice value needs no privilege; failure (another system, a
/// sandbox that refuses it) leaves the priority as it was, which is only slower, never wrong.
///
/// Call it from the thread to lower, once, at its start. Stateless; any thread may call it.
public enum ThreadPriority {
    /// How far background threads are lowered: nice +5 weighs about a third of nice 0.
    public static let backgroundSteps: Int32 = 5

    /// Lowers the calling thread's priority by `steps` nice levels (at most to 19).
    /// Returns whether the priority changed.
    @discardableResult
    public static func lowerCurrentThread(by steps: Int32 = backgroundSteps) -> Bool {
        #if os(Linux)
        let which = __priority_which_t(PRIO_PROCESS.rawValue)
        errno = 0
        let current = getpriority(which, 0)
        guard errno == 0 else { return false }
        let target = min(19, current + steps)
        guard target > current else { return false }
        return setpriority(which, 0, target) == 0
        #else
        return false
        #endif
    }

    /// The calling thread's nice value, or nil when it cannot be read.
    public static var currentNice: Int32? {
        #if os(Linux)
        errno = 0
        let value = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0)
        return errno == 0 ? value : nil
        #else
        return nil
        #endif
    }
}
