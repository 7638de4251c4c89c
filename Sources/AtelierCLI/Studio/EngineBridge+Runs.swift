import Core
import Engine
import Foundation
import Store
import UI

extension EngineBridge {
    /// `/ask MODEL text`: one turn into the studio's chat session (made at the first `/ask`).
    func startAsk(model name: String, text: String) {
        let model: ModelRef
        do {
            model = try catalog.resolve(text: name)
            _ = try catalog.resolve(model)
        } catch {
            emit(.effectFailed("/ask: \(describe(error))"))
            return
        }
        let task = Task { [weak self] in
            guard let self else { return }
            await self.runAsk(model: model, text: text)
        }
        asks.removeAll { $0.isCancelled }
        asks.append(task)
        keep(task)
    }

    private func runAsk(model: ModelRef, text: String) async {
        do {
            let sessionID: Int64
            if let chatSessionID {
                sessionID = chatSessionID
            } else {
                sessionID = try await store.createSession(kind: .chat, title: MessageFormatter.oneLine(text, limit: 80)).id
                chatSessionID = sessionID
            }
            let history = try await store.messages(sessionID: sessionID, limit: 40)
                .filter { $0.status == .complete || $0.role == .user }
                .map(\.chatMessage)
            _ = try await store.insertMessage(sessionID: sessionID, role: .user, speaker: TeamSession.personSpeaker, content: text)
            let request = TurnRequest(sessionID: sessionID, speaker: model.description, model: model,
                                      messages: history + [.user(text)])
            let runner = TurnRunner(store: store, directory: catalog)
            let sink = self.sink
            let outcome = try await runner.run(request) { event in
                for ui in EngineBridge.uiEvents(event, card: nil) { sink.yield(.event(ui)) }
            }
            addUsage(outcome.message)
        } catch {
            emit(.effectFailed("/ask: \(describe(error))"))
        }
    }

    /// `/debate A,B text`: a multi-model run whose models are cards per stage.
    func startDebate(models names: [String], text: String) async {
        do {
            let models = try names.map { try catalog.resolve(text: $0) }
            for ref in Set(models) { _ = try catalog.resolve(ref) }
            let run = try await MultiModelRun.start(DebateRequest(prompt: text, models: models), store: store, directory: catalog)
            debates[run.runID] = run
            let pump = Task { [weak self] in
                var mapper = DebateEventMapper(runID: run.runID)
                for await event in run.events {
                    guard let self else { return }
                    for message in mapper.map(event) { await self.emit(message) }
                }
                await self?.debateEnded(run.runID)
            }
            keep(pump)
        } catch {
            emit(.effectFailed("/debate: \(describe(error))"))
        }
    }

    func debateEnded(_ runID: Int64) {
        debates[runID] = nil
    }

    /// A card's thread from the store: a debate model's prompt and answer at that stage.
    func loadThread(_ cardID: String) async {
        if let chorusCard = ChorusCardID(cardID) {
            await loadChorusThread(chorusCard, cardID: cardID)
            return
        }
        guard let card = DebateCardID(cardID) else {
            emit(.threadFailed(cardID: cardID, error: "this card has no stored thread"))
            return
        }
        do {
            guard let thread = try await store.debateThread(runID: card.runID, modelIndex: card.position) else {
                emit(.threadFailed(cardID: cardID, error: "debate run \(card.runID) has no model \(card.position + 1)"))
                return
            }
            let messages = thread.steps.filter { $0.stage == card.stage }
                .flatMap { [$0.prompt, $0.answer].compactMap { $0 } }
                .map(Self.threadMessage)
            openThreads.insert(cardID)
            emit(.threadLoaded(cardID: cardID, messages: messages))
        } catch {
            emit(.threadFailed(cardID: cardID, error: describe(error)))
        }
    }

    static func threadMessage(_ message: StoredMessage) -> ThreadMessage {
        StudioEventMapping.threadMessage(message)
    }
}
