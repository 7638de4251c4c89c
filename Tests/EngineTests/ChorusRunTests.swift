import Core
import Engine
import Foundation
import Providers
import Store
import Testing

/// The scripted chorus: artists answering in the marked format.
enum ChorusScript {
    static let prompt = "Paint the feeling of the first snow."
    static let brush = BrushSettings(workflowID: "sdxl-basic", negativePrompt: "blurry",
                                     parameters: ["steps": .number(20), "cfg": .number(7.5), "sampler": .string("euler"),
                                                  "hires": .bool(true), "one": .number(1)])

    static func artists(_ models: [String], provider: String = "fake", maxTokens: Int? = 100) -> [Artist] {
        models.map { Artist(slug: $0, model: ModelRef(provider: provider, model: $0), displayName: $0.capitalized,
                            temperature: 0.8, maxTokens: maxTokens) }
    }

    static func answer(_ model: String) -> String {
        "Here you go.\n===ARTIST STATEMENT===\n\(model) hears silence.\n===FINAL IMAGE PROMPT===\nfirst snow on a quiet village, \(model)"
    }

    @Sendable static func reply(_ call: FakeCall) -> FakeReply { .text(answer(call.model)) }

    static func fastSettings(global: Int = 4, perProvider: Int = 4, retries: Int = 2,
                             sleep: (@Sendable (Double) async throws -> Void)? = nil) -> ChorusSettings {
        let retry = RetryPolicy(maxRetries: retries, initialBackoff: 0.5, maxBackoff: 8, random: { 0 })
        return ChorusSettings(globalLimit: global, defaultProviderLimit: perProvider, retry: retry,
                              sleep: sleep ?? { _ in await Task.yield() })
    }
}

/// A brush that always fails.
struct BrokenBrush: GenerationSink {
    struct Failure: Error, CustomStringConvertible { var description: String { "ComfyUI is unreachable" } }
    func submit(_ request: BrushRequest) async throws -> BrushReceipt { throw Failure() }
}

@Suite struct ChorusRunTests {
    @Test func aGroupRunsEveryArtistThroughItsStagesAndRecordsPendingGenerations() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels(ChorusScript.reply)
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: scripted), settings: ChorusScript.fastSettings())
        let request = ChorusRequest(prompt: ChorusScript.prompt, promptVersion: "v3-snow",
                                    artists: ChorusScript.artists(["ada", "bo", "cy"]), brush: ChorusScript.brush)
        let group = try await chorus.start(request)
        let events = await collect(group.events)
        let result = try await group.result()

        #expect(result.group.status == .complete)
        #expect(result.group.promptVersion == "v3-snow")
        #expect(result.group.promptSHA256 == SHA256Hasher.hex(ChorusScript.prompt))
        #expect(result.group.brush == ChorusScript.brush)
        #expect(result.stats.done == 3 && result.stats.failed == 0 && result.stats.total == 3)
        #expect(result.stats.totalCost > 0)
        #expect(result.stats.meanLatency != nil)
        guard case .started(let start)? = events.first, case .finished(let end)? = events.last else {
            Issue.record("the stream must start with .started and end with .finished")
            return
        }
        #expect(start.runs.allSatisfy { $0.status == .queued && $0.stage == nil })
        #expect(end == result)
        for run in result.runs {
            let states = events.compactMap { event -> String? in
                guard case .runChanged(let changed) = event, changed.id == run.id else { return nil }
                return "\(changed.status.rawValue)/\(changed.stage?.rawValue ?? "-")"
            }
            #expect(states.deduplicated() == ["generating/artist", "generating/brush", "done/brush"])
            #expect(run.statement == "\(run.artist.slug) hears silence.")
            #expect(run.imagePrompt == "first snow on a quiet village, \(run.artist.slug)")
            #expect(run.warnings.isEmpty)
            #expect(run.attempts == 1)
            #expect(run.artistMetrics.usage?.inputTokens == 10)
            #expect(run.artistMetrics.latency == 0.25)
            #expect(run.brushMetrics.latency != nil)
            #expect(run.generationStatus == .pending)
            let generationID = try #require(run.generationID)
            let generation = try #require(try await store.generation(id: generationID))
            #expect(generation.positive == run.imagePrompt)
            #expect(generation.negative == "blurry")
            #expect(generation.workflowID == "sdxl-basic")
            #expect(generation.sourceKind == .chorus && generation.sourceID == run.id)
            #expect(generation.status == .pending)
            #expect(generation.parametersJSON == #"{"cfg":7.5,"hires":true,"one":1,"sampler":"euler","steps":20}"#)
        }
        #expect(events.contains { if case .generationRecorded = $0 { return true }; return false })
        #expect(events.contains { if case .artistTurn(_, .text) = $0 { return true }; return false })
        let messages = try await store.messages(sessionID: group.sessionID)
        #expect(messages.count == 4)
        #expect(messages.first?.content == ChorusScript.prompt)
        #expect(scripted.calls.count == 3)
        for call in scripted.calls {
            #expect(call.stage == .artist)
            #expect(call.request.temperature == 0.8)
            #expect(call.request.maxTokens == 100)
            #expect(call.lastUser == ChorusScript.prompt)
        }
    }

    @Test func parseWarningsAreStoredOnTheRunAndAMissingPromptFailsIt() async throws {
        let (store, _) = try makeTestStore()
        let scripted = ScriptedModels { call in
            switch call.model {
            case "loose": return .text("**Artist statement:** calm\n\nsoft snow, pastel")
            case "mute": return .text("   ")
            default: return ChorusScript.reply(call)
            }
        }
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: scripted), settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt,
                                                         artists: ChorusScript.artists(["loose", "mute", "neat"]),
                                                         brush: ChorusScript.brush))
        _ = await collect(group.events)
        let result = try await group.result()
        let loose = result.runs[0]
        #expect(loose.status == .done)
        #expect(loose.imagePrompt == "soft snow, pastel")
        #expect(loose.warnings == ["no ===FINAL IMAGE PROMPT=== marker; the statement's last paragraph was used"])
        let mute = result.runs[1]
        #expect(mute.status == .failed)
        #expect(mute.error == "the artist gave no image prompt")
        #expect(mute.warnings.count == 2)
        #expect(mute.generationID == nil)
        #expect(result.runs[2].status == .done)
        #expect(result.group.promptVersion == "sha-" + String(SHA256Hasher.hex(ChorusScript.prompt).prefix(8)))
    }

    @Test func aBrushFailureFailsOnlyThatStage() async throws {
        let (store, _) = try makeTestStore()
        let chorus = Chorus(store: store, directory: ScriptedDirectory(models: ScriptedModels(ChorusScript.reply)),
                            sink: BrokenBrush(), settings: ChorusScript.fastSettings())
        let group = try await chorus.start(ChorusRequest(prompt: ChorusScript.prompt, artists: ChorusScript.artists(["ada"]),
                                                         brush: ChorusScript.brush))
        _ = await collect(group.events)
        let run = try #require(try await group.result().runs.first)
        #expect(run.status == .failed)
        #expect(run.stage == .brush)
        #expect(run.error == "the brush failed: ComfyUI is unreachable")
        #expect(run.imagePrompt != nil)
    }

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
