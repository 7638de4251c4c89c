import Core
@testable import Engine
import Foundation
import Testing

@Suite struct TeamContextTests {
    func message(_ id: Int64, _ role: ChatRole, _ speaker: String, _ text: String,
                 status: MessageStatus = .complete) -> StoredMessage {
        StoredMessage(id: id, sessionID: 1, role: role, speaker: speaker, model: nil, content: text, status: status,
                      createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0))
    }

    @Test func longConversationsAreTrimmedToTheBudgetNewestFirst() {
        var conversation = [message(1, .user, "you", "a neon street")]
        for index in 2...40 {
            let speaker = ["Luna", "Frame", "Saga"][index % 3]
            conversation.append(message(Int64(index), .assistant, speaker,
                                        "Turn \(index) opens here. " + String(repeating: "detail \(index) ", count: 20)))
        }
        let builder = TeamContextBuilder(budget: 2000)
        let lines = builder.transcript(conversation, excluding: 1)
        let text = lines.joined(separator: "\n")
        #expect(text.count <= 2000 + 500 + 60)
        #expect(lines.first?.hasSuffix("left out)") == true)
        #expect(lines.last?.contains("Turn 40 opens here.") == true)
        #expect(lines.contains { $0.contains("(in short): Turn") })
        #expect(!text.contains("Turn 2 opens"))
    }

    @Test func theUserMessageCarriesRequestInterjectionsTranscriptPhaseAndTask() {
        let conversation = [
            message(1, .user, "you", "a neon street"),
            message(2, .assistant, "Luna", "Teal and amber."),
            message(3, .user, "you", "more rain"),
            message(4, .assistant, "Frame", "Low ang", status: .interrupted),
            message(5, .assistant, "Saga", "", status: .error),
            message(6, .system, "Atelier", "Saga could not answer."),
        ]
        let builder = TeamContextBuilder(budget: 6000)
        let input = TeamContextBuilder.Input(request: "a neon street", conversation: conversation, phase: .refinement,
                                             round: 2, maxRounds: 3)
        let messages = builder.messages(for: .of(.frame), task: .refinement(round: 2, of: 3), input: input)
        #expect(messages.count == 2)
        #expect(messages[0].role == .system && messages[0].content.hasPrefix("You are Frame,"))
        let text = messages[1].content
        #expect(text.hasPrefix("The person's request: “a neon street”"))
        #expect(text.contains("What the person has said since, in order (it wins over earlier ideas):\n- “more rain”"))
        #expect(text.contains("Luna (style): Teal and amber.\nThe person: more rain\nFrame (composition, cut off): Low ang\nNote: Saga could not answer."))
        #expect(text.contains("Phase: refinement, round 2 of 3"))
        #expect(text.contains("What is asked of you now, Frame: Answer the others by name"))
        #expect(text.contains("exact camera angle"))
    }

    @Test func theFallbackPromptComesFromTheConversation() {
        let conversation = [
            message(1, .user, "you", "a neon street"),
            message(2, .user, "you", "B"),
            message(3, .user, "you", "more rain\nand fog"),
        ]
        #expect(TeamContextBuilder.conversationPrompt(request: "a neon street", conversation: conversation)
                == "a neon street, more rain and fog")
    }
}
