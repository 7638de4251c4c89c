import Testing
@testable import TerminalIO
import UI

/// Deltas waiting in the mailbox are merged per message, without reordering anything a
/// message's own events depend on.
@Suite struct MailboxTests {
    @Test func deltasOfOneMessageAreJoinedInOrder() {
        let mailbox = Mailbox()
        mailbox.post(.event(.messageStarted(id: 1, speaker: .model("a"), model: nil, card: nil)))
        mailbox.post(.event(.messageDelta(id: 1, text: "one ")))
        mailbox.post(.event(.messageDelta(id: 2, text: "x")))
        mailbox.post(.event(.messageDelta(id: 1, text: "two ")))
        mailbox.post(.event(.messageDelta(id: 2, text: "y")))
        mailbox.post(.event(.messageDelta(id: 1, text: "three")))
        let drained = mailbox.drain()
        #expect(drained.count == 3)
        #expect(drained[1] == .event(.messageDelta(id: 1, text: "one two three")))
        #expect(drained[2] == .event(.messageDelta(id: 2, text: "xy")))
        #expect(mailbox.drain().isEmpty)
    }

    @Test func anotherMessageEndsMerging() {
        let mailbox = Mailbox()
        mailbox.post(.event(.messageDelta(id: 1, text: "a")))
        mailbox.post(.event(.messageFinished(id: 1)))
        mailbox.post(.event(.messageDelta(id: 1, text: "b")))
        #expect(mailbox.drain() == [.event(.messageDelta(id: 1, text: "a")), .event(.messageFinished(id: 1)),
                                    .event(.messageDelta(id: 1, text: "b"))])
    }

    @Test func aLongFloodStaysOneMessage() {
        let mailbox = Mailbox()
        for index in 0..<100_000 { mailbox.post(.event(.messageDelta(id: 9, text: index % 2 == 0 ? "ab" : "c"))) }
        let drained = mailbox.drain()
        #expect(drained.count == 1)
        if case .event(.messageDelta(_, let text)) = drained.first { #expect(text.utf8.count == 150_000) }
    }
}
