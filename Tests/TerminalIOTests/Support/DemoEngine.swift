import Foundation
import UI

/// A scripted stand-in for the engine, for the tmux end-to-end test: it answers effects with
/// the events a real engine would send (a team turn streaming word by word, an interjection
/// answered, a cancelled speaker, a debate moving through its stages, a thread loaded), through
/// the studio's message stream. It also shows the integrator the wiring: effects in, messages out.
actor DemoEngine {
    private let sink: AsyncStream<AppMessage>.Continuation
    private let directory: String
    private var nextID: Int64 = 100
    private var speaking: (id: Int64, task: Task<Void, Never>)?

    init(sink: AsyncStream<AppMessage>.Continuation, directory: String) {
        self.sink = sink
        self.directory = directory
    }

    func handle(_ effect: Effect) async {
        record("effect \(effect)")
        switch effect {
        case .sendMessage:
            send(.event(.phaseChanged(.ideation)))
            speak(.specialist(.luna), words: Array(repeating: "misty ochre light over grey water,", count: 60).joined(separator: " "),
                  delay: .milliseconds(60))
        case .interject(let text):
            speaking?.task.cancel()
            send(.event(.systemNote("interjection received: \(text)", .info)))
            speak(.specialist(.frame), words: "Hostile: \u{1B}[2J\u{1B}]0;pwned\u{07} cr\rX bs abc\u{8}\u{8}Z bidi \u{202E}gnp.exe end-of-frame",
                  delay: .milliseconds(20))
        case .cancelCurrentSpeaker:
            if let current = speaking {
                current.task.cancel()
                send(.event(.messageFailed(id: current.id, error: "stopped by you", interrupted: true)))
                speaking = nil
            }
        case .debate(let models, _):
            let group = "Debate"
            for model in models { send(card(model, group, "initial", .running)) }
            try? await Task.sleep(for: .milliseconds(300))
            for (offset, model) in models.enumerated() {
                send(offset == models.count - 1 ? card(model, group, "initial", .error, "429 rate limited") : card(model, group, "initial", .done))
            }
            for model in models.dropLast() { send(card(model, group, "debate", .running)) }
            send(.event(.summaryChanged(.inProgress)))
            try? await Task.sleep(for: .milliseconds(300))
            for model in models.dropLast() { send(card(model, group, "debate", .done)) }
            send(.event(.summaryChanged(.ready("They agree fog is light, not paint."))))
        case .loadThread(let cardID):
            try? await Task.sleep(for: .milliseconds(100))
            send(.threadLoaded(cardID: cardID, messages: [
                ThreadMessage(id: 1, speaker: .model(cardID), text: "thread of \(cardID): fog scatters light", status: .complete),
            ]))
        case .quit:
            speaking?.task.cancel()
            record("committed partial messages")
        default:
            break
        }
    }

    private func card(_ model: String, _ group: String, _ stage: String, _ status: CardStatus, _ message: String? = nil) -> AppMessage {
        .event(.cardChanged(CardUpdate(id: "\(model)/\(stage)", group: group, title: model, stage: stage, status: status, message: message)))
    }

    private func speak(_ speaker: Speaker, words: String, delay: Duration) {
        nextID += 1
        let id = nextID
        let sink = self.sink
        send(.event(.messageStarted(id: id, speaker: speaker, model: "demo:model", card: nil)))
        let task = Task {
            for word in words.split(separator: " ", omittingEmptySubsequences: false) {
                if Task.isCancelled { return }
                sink.yield(.event(.messageDelta(id: id, text: word + " ")))
                try? await Task.sleep(for: delay)
            }
            if !Task.isCancelled { sink.yield(.event(.messageFinished(id: id))) }
        }
        speaking = (id, task)
    }

    private func send(_ message: AppMessage) { sink.yield(message) }

    private func record(_ line: String) {
        let path = (directory as NSString).appendingPathComponent("engine.log")
        let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }()
        handle?.seekToEndOfFile()
        handle?.write(Data((line + "\n").utf8))
        try? handle?.close()
    }
}
