import Foundation

/// Creates the store's directory (0700) and files (0600) so that no other user can read
/// them, whatever the process umask, and refuses symlinks in place of the files.
///
/// Stateless; called from the `Store` initializer on the opening thread.
enum PrivateFiles {
    /// Creates `directory` and any missing parents with mode 0700 (parents that already
    /// exist are left as they are).
    static func makeDirectory(_ directory: String) throws {
        var missing: [String] = []
        var current = directory
        while !current.isEmpty, current != "/", !exists(current) {
            missing.append(current)
            current = (current as NSString).deletingLastPathComponent
        }
        for path in missing.reversed() {
            if mkdir(path, 0o700) != 0 {
                let code = errno
                guard code == EEXIST else { throw fileError(code, "cannot create the directory \(path)") }
                continue
            }
            guard chmod(path, 0o700) == 0 else { throw fileError(errno, "cannot make \(path) private") }
        }
        var info = stat()
        guard stat(directory, &info) == 0 else { throw fileError(errno, "cannot read \(directory)") }
        guard (info.st_mode & S_IFMT) == S_IFDIR else {
            throw StoreError(.file, code: ENOTDIR, message: "\(directory) is not a directory")
        }
    }

    /// Makes sure `path` is a regular file with mode 0600: creates it empty with
    /// `O_CREAT|O_EXCL|O_NOFOLLOW` and `fchmod` (umask cannot widen it), or, when it exists,
    /// opens it without following a symlink and tightens its mode. Never truncates.
    static func makePrivateFile(_ path: String) throws {
        var fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 && errno == EEXIST {
            fd = open(path, O_RDWR | O_NOFOLLOW | O_CLOEXEC)
        }
        guard fd >= 0 else {
            let code = errno
            if code == ELOOP { throw StoreError(.file, code: code, message: "\(path) is a symbolic link; refusing to open it") }
            throw fileError(code, "cannot open \(path)")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw fileError(errno, "cannot read \(path)") }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw StoreError(.file, code: EINVAL, message: "\(path) is not a regular file")
        }
        if (info.st_mode & 0o7777) != 0o600, fchmod(fd, 0o600) != 0 {
            throw fileError(errno, "cannot make \(path) private (mode 0600)")
        }
    }

    /// Tightens an existing file to 0600 if it is looser; a missing file is fine.
    static func tightenIfPresent(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return }
        if (info.st_mode & 0o7777) != 0o600, chmod(path, 0o600) != 0 {
            throw fileError(errno, "cannot make \(path) private (mode 0600)")
        }
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    private static func fileError(_ code: Int32, _ what: String) -> StoreError {
        StoreError(.file, code: code, message: "\(what): \(String(cString: strerror(code)))")
    }
}
