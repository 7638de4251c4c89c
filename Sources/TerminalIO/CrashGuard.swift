internal import CNcurses

/// The crash guard's Swift side. The C side (in `shim.h`) keeps the saved terminal modes and
/// the terminfo strings that undo the screen setup, and restores them from a signal handler
/// when the process crashes (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP), writes a line
/// to the crash log and hands the signal on to the previous handler (the Swift runtime's
/// backtracer, whose report goes to standard error — redirected to the log while the studio
/// runs).
///
/// This is the ONLY file that calls the `atelier_guard_*` C functions: they keep their state in
/// a static inside a header, so one object file must own it. Callable from the loop task;
/// `restoreNow` from any thread (it only writes bytes and sets terminal modes).
enum CrashGuard {
    /// Saves the modes of `input` before ncurses changes them. False when it is not a terminal.
    @discardableResult
    static func save(input: Int32) -> Bool { atelier_guard_save(input) == 0 }

    /// Arms the crash handlers with the bytes that undo the screen setup.
    static func arm(output: Int32, logDescriptor: Int32, restore: [UInt8]) {
        restore.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                atelier_guard_arm(output, logDescriptor, chars.baseAddress, chars.count)
            }
        }
    }

    /// Normal exit: the previous handlers come back.
    static func disarm() { atelier_guard_disarm() }

    /// Sets the saved terminal modes again (after `endwin`, so `stty -g` matches the start).
    static func reapplyModes() { atelier_guard_reapply_termios() }

    /// Restores the terminal now, without ncurses: for a last resort from another thread.
    static func restoreNow() { atelier_guard_restore() }
}

/// The restore hook for the app: puts the terminal back (saved modes, leave the alternate
/// screen, show the cursor) without touching ncurses, so it is safe from any thread — e.g. when
/// a signal arrives and the studio loop does not stop in time. Normal quits do not need it:
/// `Studio.run` restores the terminal before it returns. Does nothing when no studio runs.
public enum TerminalRestore {
    public static func now() { CrashGuard.restoreNow() }
}
