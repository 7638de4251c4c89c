import Core
import Foundation

/// Writes to standard output and error with no buffering (a piped `atelier ask` must show
/// tokens as they arrive), and decides how model text is shown: through the terminal
/// sanitizer when the stream is a terminal, byte-exact otherwise.
///
/// Invariant: Atelier adds no escape sequences of its own when a stream is not a terminal.
/// Used from one task at a time (the verb's); not Sendable-shared.
public struct StandardStreams: Sendable {
    public let stdoutIsTerminal: Bool
    public let stderrIsTerminal: Bool

    public init(stdoutIsTerminal: Bool = isatty(1) == 1, stderrIsTerminal: Bool = isatty(2) == 1) {
        self.stdoutIsTerminal = stdoutIsTerminal
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// Writes Atelier's own text (already safe) to standard output.
    public func out(_ text: String) { Self.writeAll(1, text) }

    /// Writes Atelier's own text to standard error.
    public func err(_ text: String) { Self.writeAll(2, text) }

    /// Writes all bytes to a descriptor, retrying on EINTR and short writes; gives up on EPIPE.
    static func writeAll(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            guard var base = buffer.baseAddress else { return }
            var left = buffer.count
            while left > 0 {
                let written = write(fd, base, left)
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                left -= written
                base += written
            }
        }
    }
}

extension StandardStreams {
    /// Writes text that came from a model, a server or the database to standard output:
    /// sanitized (inert, visible) when stdout is a terminal, byte-exact otherwise.
    public func outUntrusted(_ text: String) {
        out(stdoutIsTerminal ? TerminalSanitizer.sanitize(text) : text)
    }

    /// The same for standard error.
    public func errUntrusted(_ text: String) {
        err(stderrIsTerminal ? TerminalSanitizer.sanitize(text) : text)
    }
}
