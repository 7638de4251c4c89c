import Core
import Testing
@testable import Providers

/// The deltas of one body chunk, joined before they are yielded: runs of one kind become one
/// piece, order and bytes are kept, `.finished` is never merged.
@Suite struct DeltaCoalescingTests {
    @Test func runsOfOneKindBecomeOnePiece() {
        let deltas: [ChatDelta] = [.reasoning("think "), .reasoning("more"), .text("An"), .text("swer "), .text("🙂"),
                                   .reasoning("again"), .text("!")]
        #expect(deltas.coalesced() == [.reasoning("think more"), .text("Answer 🙂"), .reasoning("again"), .text("!")])
    }

    @Test func nothingToJoinIsUnchanged() {
        #expect([ChatDelta]().coalesced() == [])
        #expect([ChatDelta.text("one")].coalesced() == [.text("one")])
        #expect([ChatDelta.text("a"), .reasoning("b"), .text("c")].coalesced() == [.text("a"), .reasoning("b"), .text("c")])
    }

    @Test func finishedEndsARunAndStaysWhole() {
        let completion = ChatCompletion(text: "ab", usage: .zero, finishReason: "stop", timeToFirstToken: nil, latency: 1)
        let deltas: [ChatDelta] = [.text("a"), .text("b"), .finished(completion), .text("c")]
        #expect(deltas.coalesced() == [.text("ab"), .finished(completion), .text("c")])
    }

    @Test func manyPiecesKeepEveryByteInOrder() {
        let pieces = (0..<5_000).map { ["x", "é", "海", "🌊", " "][$0 % 5] + String($0) }
        let joined = pieces.map(ChatDelta.text).coalesced()
        #expect(joined == [.text(pieces.joined())])
    }
}
