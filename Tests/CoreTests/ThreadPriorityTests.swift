import Core
import Foundation
import Testing

/// `ThreadPriority` lowers the calling thread only: the thread that asked runs at nice +5,
/// the one that started it keeps its priority.
@Suite struct ThreadPriorityTests {
    @Test func onlyTheCallingThreadIsLowered() async throws {
        let before = try #require(ThreadPriority.currentNice)
        let seen: (changed: Bool, nice: Int32?) = await withCheckedContinuation { continuation in
            let thread = Thread {
                let changed = ThreadPriority.lowerCurrentThread()
                continuation.resume(returning: (changed, ThreadPriority.currentNice))
            }
            thread.start()
        }
        #if os(Linux)
        if before <= 19 - ThreadPriority.backgroundSteps {
            #expect(seen.changed)
            #expect(seen.nice == before + ThreadPriority.backgroundSteps)
        }
        #endif
        #expect(ThreadPriority.currentNice == before)
    }

    @Test func aThreadAtTheLowestPriorityStaysThere() async {
        let result: (Bool, Int32?) = await withCheckedContinuation { continuation in
            let thread = Thread {
                _ = ThreadPriority.lowerCurrentThread(by: 40)
                let again = ThreadPriority.lowerCurrentThread(by: 1)
                continuation.resume(returning: (again, ThreadPriority.currentNice))
            }
            thread.start()
        }
        #if os(Linux)
        #expect(result.0 == false)
        #expect(result.1 == 19)
        #endif
    }
}
