internal import CCurl
import Core
import Foundation
import Synchronization

/// The one thread that drives every transfer of an `HTTPClient` through one libcurl multi
/// handle. Other threads talk to it only through `enqueue` (add a job, cancel a transfer),
/// which appends to a locked inbox and wakes the thread with `curl_multi_wakeup`; the
/// thread owns every easy handle and header list and never shares them.
/// Lifetime: the thread runs until the client is released and no transfer or command is
/// left; then it marks the inbox terminated (later commands are refused) and frees the
/// multi handle. Sendable: `enqueue`, `makeControl` and `clientReleased` are thread-safe.
final class TransferEngine: Sendable {
    enum Command: Sendable {
        case add(TransferJob)
        case cancel(UInt64)
    }

    private struct Inbox {
        var commands: [Command] = []
        var clientReleased = false
        var terminated = false
    }

    private let multi: MultiHandle?
    private let inbox = Mutex(Inbox())
    private let nextID = Atomic<UInt64>(0)

    init() {
        CurlGlobal.initialize()
        multi = curl_multi_init().map(MultiHandle.init)
        guard let multi else {
            inbox.withLock { $0.terminated = true }
            return
        }
        let thread = Thread { [self] in
            ThreadPriority.lowerCurrentThread()
            let loop = EngineLoop(multi: multi.pointer)
            loop.run(engine: self)
        }
        thread.name = "atelier-http"
        thread.start()
    }

    func makeControl() -> TransferControl {
        TransferControl(id: nextID.add(1, ordering: .relaxed).newValue, engine: self)
    }

    /// Hands a command to the engine thread. False when the engine has shut down.
    @discardableResult
    func enqueue(_ command: Command) -> Bool {
        inbox.withLock { inbox in
            guard !inbox.terminated, let multi else { return false }
            inbox.commands.append(command)
            _ = curl_multi_wakeup(multi.pointer)
            return true
        }
    }

    /// The owning client is gone: finish the transfers in flight, then stop.
    func clientReleased() {
        inbox.withLock { inbox in
            inbox.clientReleased = true
            if !inbox.terminated, let multi { _ = curl_multi_wakeup(multi.pointer) }
        }
    }

    /// Called by the loop: takes the pending commands, and says whether the client is gone.
    func takeCommands() -> (commands: [Command], clientReleased: Bool) {
        inbox.withLock { inbox in
            defer { inbox.commands = [] }
            return (inbox.commands, inbox.clientReleased)
        }
    }

    /// Called by the loop when it has nothing left: terminates unless a command just arrived.
    func terminateIfIdle() -> Bool {
        inbox.withLock { inbox in
            guard inbox.commands.isEmpty else { return false }
            inbox.terminated = true
            return true
        }
    }
}

/// The multi handle pointer, movable across threads. Only `curl_multi_wakeup` is called on
/// it from threads other than the engine thread (libcurl documents that as thread-safe).
struct MultiHandle: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
}

/// `curl_global_init` exactly once per process, before the first handle.
enum CurlGlobal {
    private static let initialized: Bool = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK

    static func initialize() { _ = initialized }
}
