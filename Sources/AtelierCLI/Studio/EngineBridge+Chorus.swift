import Core
import Engine
import Foundation
import Store
import UI

extension EngineBridge {
    /// `/chorus A,B text`: a chorus group whose artists are cards per stage; the brush is the
    /// same as `atelier chorus` uses (`ChorusWiring`), with the default workflow.
    func startChorus(artists names: [String], text: String) async {
        do {
            let artists = try await ArtistRegistry.load(store: store, config: []).select(names)
            for artist in artists { _ = try catalog.resolve(artist.model) }
            let chorus = ChorusWiring().makeChorus(store: store, directory: catalog, config: config)
            let request = ChorusRequest(prompt: text, promptVersion: nil, artists: artists,
                                        brush: ChorusWiring.brush(workflowID: ChorusWiring.defaultWorkflow, prompt: text),
                                        budget: nil)
            let group = try await chorus.start(request)
            choruses[group.groupID] = group
            let pump = Task { [weak self] in
                var mapper = ChorusEventMapper(groupID: group.groupID)
                for await event in group.events {
                    guard let self else { return }
                    for message in mapper.map(event) { await self.emit(message) }
                }
                await self?.chorusEnded(group.groupID)
            }
            keep(pump)
        } catch {
            emit(.effectFailed("/chorus: \(describe(error))"))
        }
    }

    func chorusEnded(_ groupID: Int64) {
        choruses[groupID] = nil
    }

    /// A chorus card's thread: the artist's stored answer (statement and image prompt).
    func loadChorusThread(_ card: ChorusCardID, cardID: String) async {
        do {
            guard let detail = try await store.chorusGroupDetail(id: card.groupID),
                  let run = detail.runs.first(where: { $0.id == card.runID }) else {
                emit(.threadFailed(cardID: cardID, error: "chorus group \(card.groupID) has no run \(card.runID)"))
                return
            }
            var messages: [ThreadMessage] = []
            if let id = run.messageID, let message = try await store.message(id: id) {
                messages.append(Self.threadMessage(message))
            }
            openThreads.insert(cardID)
            emit(.threadLoaded(cardID: cardID, messages: messages))
        } catch {
            emit(.threadFailed(cardID: cardID, error: describe(error)))
        }
    }
}
