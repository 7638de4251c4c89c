import Core

/// Writes a live transcript to standard output: Atelier's own lines, and model text streamed
/// piece by piece. On a terminal each stream goes through its own `StreamingSanitizer` (an
/// escape sequence split across pieces stays inert); piped, model text is byte-exact.
///
/// Invariant: every line of Atelier's own starts at the beginning of a line (a newline is
/// added first when a stream left the cursor mid-line). Not Sendable: one verb's event loop
/// owns it and calls it from its task.
final class TranscriptWriter {
    private let streams: StandardStreams
    private var sanitizers: [Int64: StreamingSanitizer] = [:]
    private var atLineStart = true

    init(streams: StandardStreams) {
        self.streams = streams
    }

    /// One line of Atelier's own text (safe by construction).
    func line(_ text: String) {
        breakLine()
        write(text + "\n", untrusted: false)
    }

    /// One line that holds text from a model, a server or the database.
    func untrustedLine(_ text: String) {
        breakLine()
        write(text + (text.hasSuffix("\n") ? "" : "\n"), untrusted: true)
    }

    /// A piece of a streamed reply, identified by its message id.
    func piece(_ text: String, stream id: Int64) {
        guard !text.isEmpty else { return }
        if streams.stdoutIsTerminal {
            var sanitizer = sanitizers[id] ?? StreamingSanitizer()
            let shown = sanitizer.feed(text)
            sanitizers[id] = sanitizer
            write(shown, untrusted: false)
        } else {
            write(text, untrusted: false)
        }
    }

    /// Ends a streamed reply: what its sanitizer held back, then a newline if needed.
    func finish(stream id: Int64) {
        if var sanitizer = sanitizers.removeValue(forKey: id) {
            write(sanitizer.finish(), untrusted: false)
        }
        breakLine()
    }

    /// Ends the current line if something is on it.
    func breakLine() {
        if !atLineStart { write("\n", untrusted: false) }
    }

    private func write(_ text: String, untrusted: Bool) {
        guard let last = text.unicodeScalars.last else { return }
        if untrusted { streams.outUntrusted(text) } else { streams.out(text) }
        atLineStart = last == "\n"
    }
}
