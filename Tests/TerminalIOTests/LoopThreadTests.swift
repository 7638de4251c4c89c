import Foundation
import Testing
@testable import TerminalIO
import UI

/// The loop runs on a thread of its own (not Swift's cooperative pool), so its input waits
/// never hold a pool thread, and a key is drawn in the same turn it is read.
@Suite struct LoopThreadTests {
    @Test func theLoopRunsOnItsOwnThreadAndDrawsAKeyInTheSameTurn() async throws {
        let terminal = RecordingTerminal()
        _ = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() }, handleEffect: { _ in },
                                 terminal: terminal)
        #expect(terminal.onLoopThread == [true], "every backend call on the loop's own thread")
        #expect(terminal.readsBeforeKeyFrame == 0, "the key's frame came before the next read")
    }
}

/// A backend that notes the thread of every call, delivers one key after the first frame,
/// and hangs up once that key's frame is drawn.
private final class RecordingTerminal: TerminalBackend {
    private(set) var onLoopThread: Set<Bool> = []
    private var screen = CellBuffer(size: Size(width: 80, height: 24))
    private var keySent = false
    private var readsSinceKey = 0
    private(set) var readsBeforeKeyFrame: Int?

    func start() throws(TerminalError) -> TerminalInfo {
        TerminalInfo(size: screen.size, colorSupport: .many)
    }

    func readInput(timeoutMilliseconds: Int) -> [TerminalInput] {
        onLoopThread.insert(LoopThread.isCurrent)
        if readsBeforeKeyFrame != nil { return [.hangup] }
        if keySent {
            readsSinceKey += 1
            if readsSinceKey > 500 { return [.hangup] }
            usleep(1000)
            return []
        }
        if screen.text.contains("Type") {
            keySent = true
            return [.key(.char("q"))]
        }
        usleep(1000)
        return []
    }

    func draw(_ runs: [CellRun], cursor: Position?) {
        onLoopThread.insert(LoopThread.isCurrent)
        for run in runs { screen.apply(run) }
        if keySent, readsBeforeKeyFrame == nil, screen.text.contains("› q") { readsBeforeKeyFrame = readsSinceKey }
    }

    func stop() {}
}
