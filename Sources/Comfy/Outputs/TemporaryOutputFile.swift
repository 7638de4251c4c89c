import Glibc

/// A file being written inside a `PrivateDirectory` under a temporary name
/// (`.partial-<random>`), created with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode 0600, then
/// `publish`ed under its final name with `linkat` (which fails rather than replace an
/// existing entry) and the temporary name removed. Until published, `discard()` (or
/// release) removes it. Not Sendable: owned by the one task saving the file.
final class TemporaryOutputFile {
    private let directory: PrivateDirectory
    private let temporaryName: String
    private var fd: Int32
    private var settled = false

    init(in directory: PrivateDirectory) throws(ComfyError) {
        self.directory = directory
        var generator = SystemRandomNumberGenerator()
        let suffix = String(UInt64.random(in: 0...UInt64.max, using: &generator), radix: 36)
        temporaryName = ".partial-" + suffix
        fd = openat(directory.fd, temporaryName, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw PrivateDirectory.fileError("cannot create a file in \(directory.path)", errno) }
        _ = fchmod(fd, 0o600)
    }

    deinit { discard() }

    /// Writes every byte (retrying short writes and EINTR).
    func write(_ bytes: [UInt8]) throws(ComfyError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base + offset, raw.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw PrivateDirectory.fileError("cannot write in \(directory.path)", errno)
            }
            offset += written
        }
    }

    /// Flushes and closes the file, then links it as the first free name that `makeName`
    /// gives for 1, 2, 3... (starting at `first`). Returns the name used. Never replaces an
    /// existing file, and never publishes anything but the file this object wrote: if the
    /// temporary name was swapped for something else (a symbolic link) during the download,
    /// the new name is checked against the written file's inode, removed, and the save fails.
    func publish(first: Int, makeName: (Int) -> String) throws(ComfyError) -> String {
        guard fsync(fd) == 0 else { throw PrivateDirectory.fileError("cannot flush a file in \(directory.path)", errno) }
        var written = stat()
        guard fstat(fd, &written) == 0 else { throw PrivateDirectory.fileError("cannot read a file in \(directory.path)", errno) }
        Glibc.close(fd)
        fd = -1
        for number in first..<(first + 10_000) {
            let name = makeName(number)
            if linkat(directory.fd, temporaryName, directory.fd, name, 0) == 0 {
                var linked = stat()
                guard fstatat(directory.fd, name, &linked, AT_SYMLINK_NOFOLLOW) == 0,
                      linked.st_dev == written.st_dev, linked.st_ino == written.st_ino else {
                    _ = unlinkat(directory.fd, name, 0)
                    throw ComfyError(.outputFailed, "the file being saved in \(directory.path) was replaced during the download; not saved")
                }
                settled = true
                _ = unlinkat(directory.fd, temporaryName, 0)
                directory.sync()
                return name
            }
            guard errno == EEXIST else { throw PrivateDirectory.fileError("cannot name the file \(name) in \(directory.path)", errno) }
        }
        throw ComfyError(.outputFailed, "no free file name left in \(directory.path)")
    }

    /// Closes and removes the temporary file unless it was published. Idempotent.
    func discard() {
        if fd >= 0 {
            Glibc.close(fd)
            fd = -1
        }
        if !settled {
            _ = unlinkat(directory.fd, temporaryName, 0)
            settled = true
        }
    }
}
