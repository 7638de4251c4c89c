import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Says, across processes, that a generation is being followed: an exclusive `flock` on
/// `.following.lock` in the generation's own folder, held from before its job starts until
/// its follower ends, when the file is removed. The kernel drops the lock when the holder
/// exits or crashes, so a lock that cannot be taken means a live process (this one
/// included, through another open) follows the generation now; a file left by a crash is
/// simply locked again. The store cannot tell this: its writers registry marks messages
/// and runs, not generations. Sendable; `release` is idempotent and may be called from any
/// thread; the lock is also released when the lease is deallocated.
final class GenerationLease: Sendable {
    static let fileName = ".following.lock"

    private let descriptor: Mutex<Int32>
    private let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = Mutex(descriptor)
        self.path = path
    }

    deinit { release() }

    /// Why a lease could not be taken.
    enum Failure: Error, Equatable {
        /// Another open of the lock file holds it: a live process follows the generation.
        case held
        /// The lock file could not be opened or locked (errno).
        case system(Int32)
    }

    /// Takes the lease for the generation whose folder is `directory` (it must exist). The
    /// lock is taken on the file that is at the path once locked: a holder removes it on
    /// release, so a lock won on a file removed meanwhile is dropped and tried again.
    static func acquire(directory: String) -> Result<GenerationLease, Failure> {
        let path = directory + "/" + fileName
        for _ in 0..<100 {
            let fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0o600)
            guard fd >= 0 else { return .failure(.system(errno)) }
            var locked = flock(fd, LOCK_EX | LOCK_NB) == 0
            while !locked && errno == EINTR { locked = flock(fd, LOCK_EX | LOCK_NB) == 0 }
            guard locked else {
                let code = errno
                close(fd)
                return .failure(code == EWOULDBLOCK ? .held : .system(code))
            }
            var opened = stat()
            var named = stat()
            if fstat(fd, &opened) == 0, lstat(path, &named) == 0, opened.st_ino == named.st_ino, opened.st_dev == named.st_dev {
                return .success(GenerationLease(descriptor: fd, path: path))
            }
            close(fd)
        }
        return .failure(.held)
    }

    /// Whether a live process holds the lease of the generation whose folder is `directory`.
    /// Creates nothing: no folder or no lock file means nobody follows it (with this build).
    static func isHeld(directory: String) -> Bool {
        let fd = open(directory + "/" + fileName, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            return code == EWOULDBLOCK
        }
        _ = flock(fd, LOCK_UN)
        return false
    }

    /// Drops the lock. Idempotent.
    func release() {
        let fd = descriptor.withLock { value -> Int32 in
            defer { value = -1 }
            return value
        }
        guard fd >= 0 else { return }
        unlink(path)
        close(fd)
    }
}
