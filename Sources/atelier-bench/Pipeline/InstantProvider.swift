import Core
import Engine
import Providers
import Synchronization

/// A model that answers at once, in process: the whole reply is in the stream before
/// `stream` returns, so a session driven by it spends its time in the engine alone. It
/// plays a cooperative team (distinct first takes, agreement in the first refinement
/// round, a valid spec from Pixel, approval from Lens) and answers anything else — debate
/// turns, syntheses, summaries — with a short paragraph. Counts the calls it receives.
/// Sendable; any task may call it.
final class InstantProvider: ChatProvider {
    let name = BenchDirectory.providerName
    let kind = ProviderKind.openAICompatible
    let baseURL = "instant://bench"
    private let counter = Atomic<Int>(0)

    /// Calls received so far.
    var calls: Int { counter.load(ordering: .relaxed) }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        counter.add(1, ordering: .relaxed)
        let text = Self.reply(to: request)
        let (stream, continuation) = AsyncThrowingStream<ChatDelta, Error>.makeStream()
        var sent = 0
        for piece in text.split(separator: " ", omittingEmptySubsequences: false) {
            continuation.yield(.text((sent == 0 ? "" : " ") + piece))
            sent += 1
        }
        let usage = Usage(inputTokens: Usage.estimateTokens(request.messages.map(\.content).joined()), outputTokens: sent)
        continuation.yield(.finished(ChatCompletion(text: text, usage: usage, finishReason: "stop",
                                                    timeToFirstToken: 0, latency: 0)))
        continuation.finish()
        return stream
    }

    func listModels() async throws -> [ModelInfo] { [] }

    func probe() async -> Reachability {
        Reachability(provider: name, url: baseURL, outcome: .ok(detail: "instant"), elapsed: 0)
    }

    /// What the model says to `request`.
    static func reply(to request: ChatRequest) -> String {
        let system = request.messages.first { $0.role == .system }?.content ?? ""
        let asked = request.messages.last { $0.role == .user }?.content ?? ""
        guard let role = TeamRole.allCases.first(where: { system.hasPrefix("You are \($0.name),") }) else {
            return debateAnswer
        }
        switch role {
        case .pixel: return spec
        case .lens: return "APPROVED. Coherent, feasible; the palette and the angle agree."
        case .luna, .frame, .saga:
            let now = asked.components(separatedBy: "What is asked of you now").last ?? asked
            return now.contains("Give your first take") ? ideas[role] ?? "An idea." : agreements[role] ?? "I agree."
        }
    }

    static let request = "Create a cyberpunk street scene at night with neon signs"

    private static let debateAnswer = "A lighthouse keeper counts the waves until dawn; the light turns, the sea answers, "
        + "and the keeper writes one line a night in a book nobody reads."

    private static let ideas: [TeamRole: String] = [
        .luna: "Deep teal shadows against warm amber neon, volumetric fog catching the light, a Blade Runner palette.",
        .frame: "Low angle at 35mm, subject on the left third, wet street leading lines into the background towers.",
        .saga: "A lone courier waiting under a flickering sign for someone who will not come; quiet loneliness.",
    ]

    private static let agreements: [TeamRole: String] = [
        .luna: "I agree: teal shadows, amber neon, low angle, lone courier waiting. Nothing new to add.",
        .frame: "I agree: low angle, teal shadows, amber neon, the lone courier waiting. Nothing new to add.",
        .saga: "I agree, the lone courier waiting with amber neon and teal shadows, low angle. Nothing new to add.",
    ]

    private static let spec = """
        {"template_id": "sd15-txt2img", "checkpoint": "dreamshaper_8.safetensors", "sampler": "dpmpp_2m", \
        "scheduler": "karras", "steps": 28, "cfg": 6.5, "width": 768, "height": 512, "seed": 7, \
        "positive": "cyberpunk street at night, teal and amber neon, low angle, lone courier waiting", \
        "negative": "blurry, text, watermark"}
        """
}
