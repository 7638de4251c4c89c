import Glibc

/// An open directory descriptor reached without following symbolic links: the root (the
/// data directory, created 0700 if missing) is opened as given, then each component below
/// it is created with `mkdirat(…, 0700)` when missing and opened with
/// `openat(O_DIRECTORY|O_NOFOLLOW)`, so a symlink planted anywhere below the root is
/// refused rather than followed. Files are then made relative to the descriptor, so a
/// path swapped after the check cannot redirect them. Owns the descriptor; `close()` once.
/// Not Sendable: used by one task at a time.
final class PrivateDirectory {
    let fd: Int32
    /// The path, for messages and for building result paths.
    let path: String

    private init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    /// Opens `root` (creating it and its missing parents 0700), then walks `components`.
    static func open(root: String, components: [String]) throws(ComfyError) -> PrivateDirectory {
        try makeRoot(root)
        var current = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard current >= 0 else { throw fileError("cannot open the data directory \(root)", errno) }
        var path = root
        for component in components {
            guard OutputNameCheck.problem(inName: component) == nil else {
                Glibc.close(current)
                throw ComfyError(.outputFailed, "\(TextSanitizer.quoted(component)) cannot be a folder name")
            }
            path += "/" + component
            if mkdirat(current, component, 0o700) != 0 && errno != EEXIST {
                let code = errno
                Glibc.close(current)
                throw fileError("cannot create \(path)", code)
            }
            let next = openat(current, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            let code = errno
            Glibc.close(current)
            guard next >= 0 else {
                if code == ELOOP || code == ENOTDIR {
                    throw ComfyError(.outputFailed, "\(path) is a symbolic link or not a folder; refusing to save there")
                }
                throw fileError("cannot open \(path)", code)
            }
            current = next
        }
        return PrivateDirectory(fd: current, path: path)
    }

    /// Whether an entry of that name exists (without following it).
    func contains(_ name: String) -> Bool {
        var info = stat()
        return fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0
    }

    /// Flushes the directory entry changes to disk (best effort).
    func sync() { _ = fsync(fd) }

    private static func makeRoot(_ root: String) throws(ComfyError) {
        var missing: [String] = []
        var current = root
        var info = stat()
        while !current.isEmpty, current != "/", stat(current, &info) != 0 {
            missing.append(current)
            guard let slash = current.lastIndex(of: "/") else { break }
            current = String(current[..<slash])
        }
        for path in missing.reversed() where mkdir(path, 0o700) != 0 && errno != EEXIST {
            throw fileError("cannot create \(path)", errno)
        }
    }

    static func fileError(_ what: String, _ code: Int32) -> ComfyError {
        ComfyError(.outputFailed, "\(what): \(String(cString: strerror(code)))")
    }
}
