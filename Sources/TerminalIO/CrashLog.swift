import Foundation

/// Appends lines to the crash log (a file in the data directory the app names). Never writes
/// to the screen; a log that cannot be written is skipped silently (there is nowhere better to
/// report it while the studio owns the terminal). Callable from any thread.
public enum CrashLog {
    /// Appends `text` with a UTC timestamp to the file at `path` (created 0600), if a path is set.
    public static func append(_ text: String, to path: String?) {
        guard let path else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(text)\n"
        let bytes = Array(line.utf8)
        let total = bytes.count
        var offset = 0
        while offset < total {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, total - offset)
            }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            offset += written
        }
    }
}
