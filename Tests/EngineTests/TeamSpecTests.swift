import Core
import Engine
import Foundation
import Testing

@Suite struct TeamSpecTests {
    func decode(_ json: String) throws -> GenerationSpec {
        try JSONDecoder().decode(GenerationSpec.self, from: Data(json.utf8))
    }

    @Test func encodesWithSnakeCaseKeysAndRoundTrips() throws {
        let spec = GenerationSpec(checkpoint: "a.safetensors", sampler: "euler", scheduler: "karras", steps: 30, cfg: 6.5,
                                  width: 768, height: 512, seed: 1234, positive: "neon", negative: "blur")
        let data = try JSONEncoder().encode(spec)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["template_id", "checkpoint", "sampler", "scheduler", "steps", "cfg", "width",
                                     "height", "seed", "positive", "negative"])
        #expect(try JSONDecoder().decode(GenerationSpec.self, from: data) == spec)
    }

    @Test func decodesNumbersGivenAsStringsAndAliases() throws {
        let spec = try decode("""
            {"template": "SD15-TXT2IMG", "model": "dream.safetensors", "sampler_name": "Euler a", "scheduler": "Karras",
             "steps": "25 steps", "cfg_scale": "7.5", "size": "768x512", "seed": "99",
             "prompt": ["neon alley", "rain"], "negative_prompt": "text"}
            """)
        #expect(spec.templateID == "sd15-txt2img")
        #expect(spec.checkpoint == "dream.safetensors")
        #expect(spec.sampler == "euler_ancestral" && spec.scheduler == "karras")
        #expect(spec.steps == 25 && spec.cfg == 7.5)
        #expect(spec.width == 768 && spec.height == 512)
        #expect(spec.seed == 99)
        #expect(spec.positive == "neon alley, rain" && spec.negative == "text")
    }

    @Test func clampsToSaneRangesAndFillsMissingValuesFromTheDefaults() throws {
        let spec = try decode("""
            {"steps": 5000, "cfg": "lots", "width": 10, "height": 99999, "seed": 1e30, "positive": "x\\u0007y\\n z",
             "sampler": "\\u0000\\u0000", "checkpoint": "  "}
            """)
        let defaults = GenerationSpec.sd15Defaults
        #expect(spec.steps == 150)
        #expect(spec.cfg == defaults.cfg)
        #expect(spec.width == 64 && spec.height == 2048)
        #expect(spec.seed == defaults.seed)
        #expect(spec.positive == "x y z")
        #expect(spec.sampler == defaults.sampler && spec.checkpoint == defaults.checkpoint)
        #expect(spec.scheduler == defaults.scheduler && spec.negative == defaults.negative)
        let odd = try decode(#"{"width": 777, "height": "513", "cfg": 0.1, "steps": -3, "seed": 5000000000}"#)
        #expect(odd.width == 776 && odd.height == 512)
        #expect(odd.cfg == 1 && odd.steps == 1 && odd.seed == 4_294_967_295)
    }

    @Test func aRandomSeedRequestTakesTheChosenSeed() throws {
        let draft = try JSONDecoder().decode(GenerationSpecDraft.self, from: Data(#"{"seed": -1, "positive": "p"}"#.utf8))
        #expect(draft.randomSeed)
        #expect(draft.resolved(over: .sd15Defaults, randomSeed: 77).seed == 77)
        let fixed = try JSONDecoder().decode(GenerationSpecDraft.self, from: Data(#"{"seed": 5, "positive": "p"}"#.utf8))
        #expect(fixed.resolved(over: .sd15Defaults, randomSeed: 77).seed == 5)
    }

    @Test func extractsTheSpecFromProseAndFencesAndWrappers() throws {
        let fenced = try SpecExtractor.draft(from: "Here you go:\n```json\n{\"positive\": \"a {curly} cat\", \"steps\": 9}\n```\nEnjoy!")
        #expect(fenced.positive == "a {curly} cat" && fenced.steps == 9)
        let wrapped = try SpecExtractor.draft(from: #"{"spec": {"prompt": "owl", "cfg": "4"}, "notes": "x"}"#)
        #expect(wrapped.positive == "owl" && wrapped.cfg == 4)
    }

    @Test(arguments: [
        ("no json here", "no JSON object"),
        ("{\"positive\": \"cat\"", "not closed"),
        ("{\"positive\": \"cat\",, }", "not valid JSON"),
        ("{\"mood\": \"happy\"}", "none of the keys"),
        ("{\"steps\": 20, \"positive\": \"  \"}", "no positive prompt"),
    ])
    func unreadableSpecsGiveAClearError(reply: String, expected: String) {
        do {
            _ = try SpecExtractor.draft(from: reply)
            Issue.record("parsed \(reply)")
        } catch let error as SpecParseError {
            #expect(error.message.contains(expected), "\(error.message)")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aHostileHugeReplyIsRefused() {
        let huge = "{\"positive\": \"" + String(repeating: "a", count: 300_000) + "\"}"
        #expect(throws: SpecParseError.self) { try SpecExtractor.draft(from: huge) }
    }

    @Test func seededRandomIsReproducible() {
        var a = SeededRandom(seed: 1, parts: [5, 2])
        var b = SeededRandom(seed: 1, parts: [5, 2])
        var c = SeededRandom(seed: 1, parts: [5, 3])
        let first = a.generationSeed()
        #expect(first == b.generationSeed())
        #expect(first != c.generationSeed())
        #expect((0...4_294_967_295).contains(first))
    }
}
