import Core
import Engine
import Foundation
import Testing

@Suite struct TeamRulesTests {
    @Test func requestClarity() {
        for unclear in ["", "   ", "?", "hi", "Hello!", "make an image", "draw something please", "test", "ok"] {
            #expect(RequestClarity.isUnclear(unclear), "\(unclear)")
        }
        for clear in ["cat", "a lighthouse", "cyberpunk street at night", "make a dragon", "夜の東京"] {
            #expect(!RequestClarity.isUnclear(clear), "\(clear)")
        }
    }

    @Test func agreementAndDisagreement() {
        let detector = ConsensusDetector()
        #expect(detector.agrees("I agree, let's go with the teal palette."))
        #expect(detector.agrees("Sounds good to me — ready to generate."))
        #expect(!detector.agrees("I disagree: I'd rather go pastel."))
        #expect(!detector.agrees("I don't agree with the angle."))
        #expect(!detector.agrees("Teal shadows and amber neon."))
    }

    @Test func consentNeedsAgreementAndNoNewIdeas() {
        let detector = ConsensusDetector(noveltyThreshold: 0.5)
        let earlier = ["Teal shadows against amber neon.", "Low angle, wet street.", "A lone courier waiting."]
        #expect(detector.consents("I agree: teal shadows, amber neon, low angle, lone courier.", earlier: earlier))
        #expect(!detector.consents("I agree, and let's add a giant dragon, fireworks, snow and a marching band.", earlier: earlier))
        #expect(!detector.consents("Teal shadows, amber neon, low angle.", earlier: earlier))
    }

    @Test func repetitionIsJaccardOverTheSpeakersEarlierTurns() {
        let detector = ConsensusDetector(repetitionThreshold: 0.8)
        let earlier = ["Deep teal shadows against warm amber neon, volumetric fog catching the light."]
        let same = "Deep teal shadows against warm amber neon; volumetric fog catching the light!"
        #expect((detector.repetition(same, earlier: earlier) ?? 0) >= 0.99)
        #expect(detector.repetition("Pastel pink morning haze over quiet canals and bicycles.", earlier: earlier) == nil)
        #expect(detector.repetition("Teal neon.", earlier: ["Teal neon."]) == nil, "too short to judge")
        #expect(TextSimilarity.jaccard(["a"], []) == 0)
        #expect(TextSimilarity.words("Colours, colour and COLOURS") == ["colour"])
    }

    @Test func interjectionRouting() {
        #expect(InterjectionRouter.roles(for: "Luna and @frame, please", phase: .ideation) == [.luna, .frame])
        // Lowercase "lens" and "pixel" name nobody; the topics route to style and camera.
        #expect(InterjectionRouter.roles(for: "add a lens flare, pixel art style", phase: .refinement) == [.luna, .frame])
        #expect(InterjectionRouter.roles(for: "more lonely, closer shot", phase: .refinement) == [.frame, .saga])
        #expect(InterjectionRouter.roles(for: "hmm, not sure", phase: .refinement) == TeamRole.creative)
        #expect(InterjectionRouter.roles(for: "make it brighter", phase: .synthesis) == [.pixel])
        #expect(InterjectionRouter.roles(for: "what do you think", phase: .review) == [.lens])
        #expect(InterjectionRouter.roles(for: "Saga, why?", phase: .review) == [.saga])
        #expect(InterjectionRouter.rolesForChange("make the neon brighter") == [.luna])
        #expect(InterjectionRouter.rolesForChange("again") == TeamRole.creative)
        #expect(InterjectionRouter.rolesForChange("Lens, is it fine?").isEmpty)
    }

    @Test func reviewVerdicts() {
        #expect(ReviewVerdict.parse("APPROVED. Looks coherent.") == .approved)
        #expect(ReviewVerdict.parse("**Approved** — go") == .approved)
        #expect(ReviewVerdict.parse("REVISE: lower cfg") == .rejected(reasons: "lower cfg"))
        #expect(ReviewVerdict.parse("Not approved: the hands") == .rejected(reasons: "the hands"))
        #expect(ReviewVerdict.parse("Overall nice, but I must send it back: text on signs.") != .approved)
        #expect(ReviewVerdict.parse("The palette is lovely.") == .unclear)
    }

    @Test func optionChoice() {
        let options = [TeamOption(label: "A", role: .luna, summary: "pink"), TeamOption(label: "B", role: .frame, summary: "wide")]
        #expect(OptionsSummary.choice(in: "b", options: options)?.role == .frame)
        #expect(OptionsSummary.choice(in: " Option A. ", options: options)?.role == .luna)
        #expect(OptionsSummary.choice(in: "(B)", options: options)?.role == .frame)
        #expect(OptionsSummary.choice(in: "Luna's", options: options)?.role == .luna)
        #expect(OptionsSummary.choice(in: "a rainy version of B", options: options) == nil)
        #expect(OptionsSummary.choice(in: "C", options: options) == nil)
    }

    @Test func configRolesMapToTeamRoles() {
        let ref = ModelRef(provider: "ollama", model: "qwen3:4b")
        let models = TeamConfiguration.roleModels(fromConfig: ["Luna": ref, "chorus": ref, "lens": ref])
        #expect(models == [.luna: ref, .lens: ref])
        let configuration = TeamConfiguration(defaultModel: ModelRef(provider: "ollama", model: "llama3.2"), roleModels: models)
        let all = configuration.models(overriding: [.lens: ModelRef(provider: "openai", model: "gpt-4.1")])
        #expect(all.count == 5 && all[.luna] == ref && all[.lens]?.provider == "openai" && all[.saga]?.model == "llama3.2")
    }

    @Test func personasAreDistinct() {
        #expect(TeamPersona.all.map(\.role) == TeamRole.allCases)
        #expect(Set(TeamPersona.all.map(\.systemPrompt)).count == 5)
        for persona in TeamPersona.all { #expect(persona.systemPrompt.hasPrefix("You are \(persona.name),")) }
    }
}
