import Foundation

/// Standard input as a stream of lines, read on a dedicated thread so the blocking `read`
/// never occupies a thread of Swift's cooperative pool.
///
/// Invariants: each line is yielded without its `\n` (a trailing `\r` is dropped too);
/// invalid UTF-8 is replaced, never fatal; a last line without a newline is yielded at end
/// of file; the stream finishes at end of file or on a read error. The reading thread lives
/// until then (a process may exit while it waits). Start it once per process, from any task.
public enum StdinLines {
    /// Starts reading descriptor `fd` (standard input by default) and returns the lines.
    public static func start(fd: Int32 = 0) -> AsyncStream<String> {
        let (lines, continuation) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .unbounded)
        let thread = Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { raw -> Int in
                    guard let base = raw.baseAddress else { return -1 }
                    return read(fd, base, raw.count)
                }
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: 0x0A) {
                    continuation.yield(Self.text(pending[..<newline]))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { continuation.yield(Self.text(pending[...])) }
            continuation.finish()
        }
        thread.name = "atelier.stdin"
        thread.start()
        return lines
    }

    /// The bytes of one line as text, without a trailing carriage return.
    static func text(_ bytes: ArraySlice<UInt8>) -> String {
        var line = bytes
        if line.last == 0x0D { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }
}
