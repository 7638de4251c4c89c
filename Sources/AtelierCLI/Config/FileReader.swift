#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a small regular file through one descriptor (open, fstat, read), so the
/// permission bits checked are those of the file whose bytes are returned — no race between
/// a check and the read. Symbolic links are followed. Internal; any thread may call it.
enum FileReader {
    /// The bytes read and the permission bits of the same open file.
    struct Contents: Sendable {
        var bytes: [UInt8]
        /// The permission bits (`st_mode & 0o7777`).
        var permissions: UInt32
    }

    /// Why a file could not be read, coarse enough for a clear message.
    enum Failure: Error, Sendable, Hashable {
        case notFound
        case permissionDenied
        case notRegularFile
        case tooLarge(limit: Int)
        case failed(String)
    }

    static func contents(of path: String, limit: Int) -> Result<Contents, Failure> {
        var descriptor: Int32
        repeat {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
        } while descriptor < 0 && errno == EINTR
        guard descriptor >= 0 else { return .failure(failure(for: errno)) }
        defer { _ = close(descriptor) }

        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .failure(failure(for: errno)) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notRegularFile) }
        guard Int(info.st_size) <= limit else { return .failure(.tooLarge(limit: limit)) }

        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(failure(for: errno))
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > limit { return .failure(.tooLarge(limit: limit)) }
        }
        return .success(Contents(bytes: bytes, permissions: UInt32(info.st_mode) & 0o7777))
    }

    /// Whether anything (file, folder, dangling link excluded) exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    private static func failure(for code: Int32) -> Failure {
        switch code {
        case ENOENT, ENOTDIR: .notFound
        case EACCES, EPERM: .permissionDenied
        case EISDIR: .notRegularFile
        default: .failed(String(cString: strerror(code)))
        }
    }
}
