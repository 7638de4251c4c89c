import Core
import Foundation

/// The serial executor of one `Store`: a dedicated thread that runs the actor's jobs in
/// order, so SQLite's blocking calls (disk writes, waiting out another writer's lock for up
/// to the busy timeout) never hold a thread of Swift's small cooperative pool.
///
/// Any thread may enqueue; only the executor's thread runs jobs. `shutDown()` (called when
/// the store goes away) lets the thread finish the queued jobs and exit.
final class DatabaseExecutor: SerialExecutor, @unchecked Sendable {
    // Guarded by `condition`: the job queue and the stop flag (the only shared state).
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0
    private var stopping = false

    init(name: String) {
        let thread = Thread { [self] in
            ThreadPriority.lowerCurrentThread()
            runLoop()
        }
        thread.name = name
        thread.start()
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.lock()
        jobs.append(unowned)
        condition.signal()
        condition.unlock()
    }

    func asUnownedSerialExecutor() -> UnownedSerialExecutor {
        UnownedSerialExecutor(ordinary: self)
    }

    /// Lets the thread exit once the queue is empty.
    func shutDown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    private func runLoop() {
        while let job = next() {
            job.runSynchronously(on: asUnownedSerialExecutor())
        }
    }

    private func next() -> UnownedJob? {
        condition.lock()
        defer { condition.unlock() }
        while head == jobs.count && !stopping { condition.wait() }
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head > 256 && head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
