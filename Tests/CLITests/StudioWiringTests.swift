import Core
import Foundation
import Testing
@testable import AtelierCLI

/// The studio wiring's pure parts: debate card ids (what the details pane loads from) and
/// where theme files are looked for.
@Suite struct StudioWiringTests {
    @Test func debateCardIDsRoundTripAndRejectOthers() throws {
        let id = DebateCardID(runID: 42, position: 1, stage: .debate)
        #expect(id.text == "debate:42:1:debate")
        let parsed = try #require(DebateCardID(id.text))
        #expect(parsed == id)
        #expect(DebateCardID("debate:42:1:final") == nil)
        #expect(DebateCardID("chorus:1:0:initial") == nil)
        #expect(DebateCardID("debate:x:0:initial") == nil)
        #expect(DebateCardID("debate:1:0:initial:extra") == nil)
        #expect(DebateCardID("") == nil)
    }

    @Test func themesComeFromATELIER_THEMESFirst() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let context = CLIContext(environment: ["ATELIER_THEMES": directory], currentDirectory: "/nonexistent",
                                 streams: StandardStreams())
        #expect(StudioApp.themesDirectory(context) == directory)
        let missing = CLIContext(environment: ["ATELIER_THEMES": directory + "/none"], currentDirectory: "/nonexistent",
                                 streams: StandardStreams())
        #expect(StudioApp.themesDirectory(missing) != directory + "/none")
    }
}

/// The studio's `/chorus` wiring: card ids and how a group's events become cards.
@Suite struct StudioChorusWiringTests {
    @Test func chorusCardIDsRoundTripAndRejectOthers() throws {
        let id = ChorusCardID(groupID: 7, runID: 12, stage: .brush)
        #expect(id.text == "chorus:7:12:brush")
        #expect(try #require(ChorusCardID(id.text)) == id)
        #expect(ChorusCardID("debate:7:12:debate") == nil)
        #expect(ChorusCardID("chorus:7:12:paint") == nil)
        #expect(ChorusCardID("chorus:7:x:artist") == nil)
    }

    @Test func artistRunsBecomeCardsThatEndDoneOrInError() {
        let now = Date()
        let artist = Artist(slug: "noir", model: ModelRef(provider: "fake", model: "m1"), displayName: "Noir")
        var mapper = ChorusEventMapper(groupID: 3)
        let running = ChorusRun(id: 5, groupID: 3, position: 0, artist: artist, status: .generating, stage: .artist,
                                createdAt: now, updatedAt: now)
        let started = mapper.map(.runChanged(running))
        guard case .event(.cardChanged(let card)) = started.first else {
            Issue.record("expected a card, got \(started)")
            return
        }
        #expect(card.id == "chorus:3:5:artist")
        #expect(card.group == "Chorus #3")
        #expect(card.title.contains("Noir"))
        #expect(card.status == .running)

        var failed = running
        failed.status = .failed
        failed.error = "budget exhausted"
        let ended = mapper.map(.runChanged(failed))
        guard case .event(.cardChanged(let errorCard)) = ended.first else {
            Issue.record("expected a card, got \(ended)")
            return
        }
        #expect(errorCard.status == .error)
        #expect(errorCard.message == "budget exhausted")

        var done = running
        done.status = .done
        done.imagePrompt = "a foggy pier at dawn"
        let finished = mapper.map(.runChanged(done))
        #expect(finished.contains { if case .event(.systemNote(let text, _)) = $0 { return text.contains("foggy pier") } else { return false } })
    }
}
