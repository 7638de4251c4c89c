import Core
import Engine
import Foundation
import Providers
import Store
import Testing

@Suite struct ChorusPersistenceTests {
    @Test func exportHoldsTheWholeGroupAsJSON() async throws {
        let (store, _) = try makeTestStore()
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, promptVersion: "v1",
                                                         artists: ChorusScript.artists(["ada", "bo"]),
                                                         brush: ChorusScript.brush, budget: 5))
        _ = await collect(group.events)
        let result = try await group.result()
        let data = try await chorus.export(groupID: group.groupID)
        let text = String(decoding: data, as: UTF8.self)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["format", "exportedAt", "group", "artists", "runs", "stats"])
        #expect(text.contains(SHA256Hasher.hex(ChorusScript.prompt)))
        let export = try ChorusExport.decode(data)
        #expect(export.format == "atelier.chorus-group/1")
        #expect(export.group.promptVersion == "v1")
        #expect(export.group.prompt == ChorusScript.prompt)
        #expect(export.group.budget == 5)
        #expect(export.group.brush == ChorusScript.brush)
        #expect(export.artists.map(\.slug) == ["ada", "bo"])
        #expect(export.runs.map(\.run.statement) == result.runs.map(\.statement))
        #expect(export.runs.map(\.run.imagePrompt) == result.runs.map(\.imagePrompt))
        #expect(export.runs.map(\.answer) == [ChorusScript.answer("ada"), ChorusScript.answer("bo")])
        #expect(export.runs.allSatisfy { $0.generation?.status == .pending })
        #expect(export.stats == result.stats)
        await #expect(throws: ChorusError.noSuchGroup(999)) { _ = try await chorus.export(groupID: 999) }
    }

    @Test func deletingAGroupRemovesItsSessionRunsAndGenerations() async throws {
        let (store, _) = try makeTestStore()
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo"]),
                                                         brush: ChorusScript.brush))
        _ = await collect(group.events)
        let generationID = try #require(try await group.result().runs.first?.generationID)
        try await store.addAsset(generationID: generationID, path: "/data/images/x.png", mediaType: "image/png",
                                 bytes: 10, sha256: "ab")
        let paths = try await chorus.delete(groupID: group.groupID)
        #expect(paths == ["/data/images/x.png"])
        #expect(try await store.chorusGroupDetail(id: group.groupID) == nil)
        #expect(try await store.generations().isEmpty)
        #expect(try await store.session(id: group.sessionID) == nil)
        #expect(try await store.runs().isEmpty)
        await #expect(throws: ChorusError.noSuchGroup(group.groupID)) { try await chorus.delete(groupID: group.groupID) }
    }

    @Test func everythingReloadsIdenticallyFromAReopenedStore() async throws {
        let (store, path) = try makeTestStore()
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada", "bo"]),
                                                         brush: ChorusScript.brush, budget: 3))
        _ = await collect(group.events)
        let result = try await group.result()
        let totals = try await store.artistTotals()
        let listed = try await store.runs()
        let generations = try await store.generations()
        try await store.close()

        let reopened = try Store(path: path)
        #expect(try await reopened.chorusGroupDetail(id: group.groupID) == result)
        #expect(try await reopened.artistTotals() == totals)
        #expect(try await reopened.runs() == listed)
        #expect(try await reopened.generations() == generations)
        #expect(try await reopened.runKind(id: group.groupID) == .chorus)
        let item = try #require(listed.first)
        #expect(item.kind == .chorus && item.total == 2 && item.succeeded == 2 && item.failed == 0)
        #expect(totals.map(\.slug) == ["ada", "bo"])
        #expect(totals.allSatisfy { $0.runs == 1 && $0.done == 1 && $0.cost > 0 })
    }
}
