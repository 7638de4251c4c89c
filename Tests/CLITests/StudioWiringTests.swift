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
