import Core
import Engine
import Foundation
import Providers
import Store
import Testing

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
}
