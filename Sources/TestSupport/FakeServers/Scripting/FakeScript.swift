import Synchronization

/// Which requests a queued behaviour is for.
public enum FakeRoute: Sendable, Equatable {
    /// The chat endpoint (`/api/chat`, `/v1/chat/completions`, `/v1/messages`).
    case chat
    /// Any request (listings too; only the failure and delays apply to those).
    case any
    /// Requests with exactly this path, e.g. `/api/tags`.
    case path(String)

    func matches(path: String, isChat: Bool) -> Bool {
        switch self {
        case .chat: return isChat
        case .any: return true
        case .path(let wanted): return wanted == path
        }
    }
}

/// The scripting state of one fake server: a FIFO queue of behaviours for the next
/// requests, the default behaviour used when the queue has nothing for a chat request, and
/// the request log. A chat request takes a behaviour only once it passed the server's own
/// checks (authentication, body, model name); every request is logged first.
/// Thread-safe (one lock): tests script it from any task while connection threads read it.
public final class FakeScript: Sendable {
    private struct Entry {
        var behaviour: FakeBehaviour
        var remaining: Int
        var route: FakeRoute
    }

    private struct State {
        var queue: [Entry] = []
        var defaultBehaviour: FakeBehaviour
        var log: [FakeRequestRecord] = []
        var served = 0
    }

    private let state: Mutex<State>

    public init(defaultBehaviour: FakeBehaviour = .standard) {
        state = Mutex(State(defaultBehaviour: defaultBehaviour))
    }

    /// Queues `behaviour` for the next `times` requests on `route` (after anything queued before).
    public func enqueue(_ behaviour: FakeBehaviour, times: Int = 1, route: FakeRoute = .chat) {
        guard times > 0 else { return }
        state.withLock { $0.queue.append(Entry(behaviour: behaviour, remaining: times, route: route)) }
    }

    /// Answers the next `times` chat requests with `failure`, then the queue goes on.
    public func enqueueFailure(_ failure: FakeBehaviour.Failure, times: Int = 1, route: FakeRoute = .chat) {
        enqueue(.failure(failure), times: times, route: route)
    }

    /// The behaviour for chat requests with nothing queued.
    public var defaultBehaviour: FakeBehaviour {
        get { state.withLock { $0.defaultBehaviour } }
        set { state.withLock { $0.defaultBehaviour = newValue } }
    }

    /// Requests still covered by queued behaviours.
    public var queuedCount: Int { state.withLock { $0.queue.reduce(0) { $0 + $1.remaining } } }

    /// Drops every queued behaviour.
    public func removeAllQueued() { state.withLock { $0.queue.removeAll() } }

    /// Every request received so far, oldest first.
    public var requests: [FakeRequestRecord] { state.withLock { $0.log } }

    /// Chat requests that were answered with a behaviour (queued or default).
    public var servedChatCount: Int { state.withLock { $0.served } }

    /// Empties the request log.
    public func clearLog() { state.withLock { $0.log.removeAll() } }

    func record(_ record: FakeRequestRecord) {
        state.withLock { $0.log.append(record) }
    }

    /// The behaviour for a request: the first queued entry whose route matches, else for a
    /// chat request the default, else nil.
    func take(path: String, isChat: Bool) -> FakeBehaviour? {
        state.withLock { state in
            if let index = state.queue.firstIndex(where: { $0.route.matches(path: path, isChat: isChat) }) {
                let behaviour = state.queue[index].behaviour
                state.queue[index].remaining -= 1
                if state.queue[index].remaining <= 0 { state.queue.remove(at: index) }
                if isChat { state.served += 1 }
                return behaviour
            }
            guard isChat else { return nil }
            state.served += 1
            return state.defaultBehaviour
        }
    }
}
