import Foundation
import TestSupport

/// The five specialists as a fake server answers them: each request is read by its system
/// prompt (who speaks) and the last section of its user message (what is asked), and
/// answered like a cooperative team: distinct first takes, agreement in round 1, a valid
/// spec, approval. Stateless; the responder runs on the fake's connection threads.
enum TeamFakeTeam {
    static let request = "Create a cyberpunk street scene at night with neon signs"

    static let ideas: [String: String] = [
        "Luna": "Deep teal shadows against warm amber neon, volumetric fog catching the light, a Blade Runner palette.",
        "Frame": "Low angle at 35mm, subject on the left third, wet street leading lines into the background towers.",
        "Saga": "A lone courier waiting under a flickering sign for someone who will not come; quiet loneliness.",
    ]

    static let agreements: [String: String] = [
        "Luna": "I agree: teal shadows, amber neon, low angle, lone courier waiting. Nothing new to add.",
        "Frame": "I agree: low angle, teal shadows, amber neon, the lone courier waiting. Nothing new to add.",
        "Saga": "I agree, the lone courier waiting with amber neon and teal shadows, low angle. Nothing new to add.",
    ]

    static let spec = """
        {"template_id": "sd15-txt2img", "checkpoint": "dreamshaper_8.safetensors", "sampler": "dpmpp_2m",
         "scheduler": "karras", "steps": 28, "cfg": 6.5, "width": 768, "height": 512, "seed": 1234,
         "positive": "cyberpunk street at night, teal and amber neon, low angle, lone courier waiting",
         "negative": "blurry, text, watermark"}
        """

    static let questions = "1. What should the image show? 2. Which mood? 3. Any style you like?"

    /// The speaker named by the system prompt (`You are Luna, ...`), if any.
    static func speaker(_ request: FakeChatRequest) -> String? {
        let system = request.system ?? ""
        return ["Luna", "Frame", "Saga", "Pixel", "Lens"].first { system.hasPrefix("You are \($0),") }
    }

    @Sendable static func answer(_ request: FakeChatRequest) -> String {
        guard let name = speaker(request) else { return "ok" }
        let asked = request.lastUserText.components(separatedBy: "What is asked of you now").last ?? ""
        if let range = asked.range(of: "The person has just interjected: “") {
            let text = asked[range.upperBound...].prefix { $0 != "”" }
            return "\(name) hears you (\(text)); I fold that in."
        }
        if asked.contains("Give your first take") { return ideas[name] ?? "An idea." }
        if asked.contains("Answer the others by name") { return agreements[name] ?? "I agree. Nothing new to add." }
        if asked.contains("clarifying questions") { return questions }
        if asked.contains("asks for a change") { return "For that change I would push the neon brighter." }
        if asked.contains("Turn the team's consensus") { return spec }
        if asked.contains("Review spec v") { return "APPROVED. Coherent, feasible, the palette and the angle agree." }
        return "ok"
    }

    /// A fake OpenAI-compatible server serving `m1` and `m2` (and, for debates, `m3`), answering as the team.
    static func server(apiKey: String? = nil,
                       _ answer: @escaping @Sendable (FakeChatRequest) -> String = TeamFakeTeam.answer) throws -> FakeOpenAIServer {
        try FakeOpenAIServer(models: ["m1", "m2", "m3"], apiKey: apiKey, defaultBehaviour: .responder(answer))
    }

    /// A home whose every model is `fake:m1` on `server` (roles included, from the config).
    static func home(_ server: FakeOpenAIServer, apiKeyEnv: String? = nil) throws -> FakeHome {
        var endpoint: [String: Any] = ["base_url": server.baseURL, "models": ["m1", "m2"]]
        if let apiKeyEnv { endpoint["api_key_env"] = apiKeyEnv }
        let closed = try FakeHome.closedURL()
        return try FakeHome.make(config: [
            "default_model": "fake:m1",
            "roles": ["luna": "fake:m1", "lens": "fake:m2"],
            "providers": ["ollama": ["base_url": closed]],
            "endpoints": ["fake": endpoint, "local": ["base_url": closed + "/v1"]],
        ])
    }
}

/// Lines of JSON output parsed, failing on any line that is not a JSON object.
func jsonLines(_ text: String) -> [FakeJSON] {
    text.split(separator: "\n").map { FakeJSON.parse(String($0)) ?? .null }
}
