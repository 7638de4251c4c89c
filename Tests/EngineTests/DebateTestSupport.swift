import Core
import Engine
import Foundation
import Providers
import Store

/// Which part of a run a scripted call belongs to, read from the request's text.
enum FakeStage: String, Sendable {
    case initial, debate, synthesis, summary, artist
}

/// One call as the scripted models saw it.
struct FakeCall: Sendable {
    var model: String
    var stage: FakeStage
    var request: ChatRequest

    /// Every message's text, joined: what the model was shown.
    var allText: String { request.messages.map(\.content).joined(separator: "\n") }
    var lastUser: String { request.messages.last { $0.role == .user }?.content ?? "" }
}

/// What a scripted model does with one call.
enum FakeReply: Sendable {
    case text(String, usage: Usage? = nil, delay: Duration? = nil)
    case fail(ProviderError, delay: Duration? = nil)
    /// Sends `partial`, then waits until cancelled.
    case hang(partial: String = "")
}

/// A `ChatProvider` answering from a script, in process: records every call, counts calls
/// in flight (and the most at once), honours cancellation. Thread-safe behind a lock.
final class ScriptedModels: ChatProvider, @unchecked Sendable {
    let name = "fake"
    let kind = ProviderKind.openAICompatible
    let baseURL = "fake://"
    private let lock = NSLock()
    private var recorded: [FakeCall] = []
    private var inFlight = 0
    private var peak = 0
    private var peakByModel: [String: Int] = [:]
    private var inFlightByModel: [String: Int] = [:]
    private let respond: @Sendable (FakeCall) -> FakeReply

    init(_ respond: @escaping @Sendable (FakeCall) -> FakeReply) {
        self.respond = respond
    }

    var calls: [FakeCall] { lock.withLock { recorded } }
    var maxInFlight: Int { lock.withLock { peak } }
    func maxInFlight(model: String) -> Int { lock.withLock { peakByModel[model] ?? 0 } }

    static func stage(of request: ChatRequest) -> FakeStage {
        let system = request.systemText ?? ""
        if system.contains("master model") { return .synthesis }
        if system.contains("run summary") { return .summary }
        if system.contains("ARTIST STATEMENT") { return .artist }
        if request.messages.last?.content.contains("Other assistants answered") == true { return .debate }
        return .initial
    }

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        let call = FakeCall(model: request.model, stage: Self.stage(of: request), request: request)
        let reply = respond(call)
        return AsyncThrowingStream { continuation in
            let task = Task {
                self.enter(call)
                defer { self.leave(call) }
                do {
                    switch reply {
                    case .text(let text, let usage, let delay):
                        if let delay { try await Task.sleep(for: delay) }
                        for piece in Self.pieces(text) { continuation.yield(.text(piece)) }
                        let figures = usage ?? Usage(inputTokens: 10, outputTokens: max(1, text.utf8.count / 4))
                        continuation.yield(.finished(ChatCompletion(text: text, usage: figures, finishReason: "stop",
                                                                    timeToFirstToken: 0.001, latency: 0.25)))
                        continuation.finish()
                    case .fail(let error, let delay):
                        if let delay { try await Task.sleep(for: delay) }
                        continuation.finish(throwing: error)
                    case .hang(let partial):
                        if !partial.isEmpty { continuation.yield(.text(partial)) }
                        try await Task.sleep(for: .seconds(3600))
                        continuation.finish()
                    }
                } catch {
                    continuation.finish(throwing: ProviderError(.cancelled, "cancelled"))
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func listModels() async throws -> [ModelInfo] { [] }

    func probe() async -> Reachability {
        Reachability(provider: name, url: baseURL, outcome: .ok(detail: "scripted"), elapsed: 0)
    }

    private func enter(_ call: FakeCall) {
        lock.withLock {
            recorded.append(call)
            inFlight += 1
            peak = max(peak, inFlight)
            inFlightByModel[call.model, default: 0] += 1
            peakByModel[call.model] = max(peakByModel[call.model] ?? 0, inFlightByModel[call.model] ?? 0)
        }
    }

    private func leave(_ call: FakeCall) {
        lock.withLock {
            inFlight -= 1
            inFlightByModel[call.model, default: 1] -= 1
        }
    }

    /// Splits text into a few pieces at spaces (keeping them), so streaming is exercised.
    static func pieces(_ text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " && current.count > 8 {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}

/// Resolves every model of the listed providers to one scripted provider, priced per 1k
/// tokens as given (default $1 in, $2 out); other providers are unknown.
struct ScriptedDirectory: ModelDirectory {
    let models: ScriptedModels
    /// Providers served by a scripted provider of their own (to count calls per provider).
    var separate: [String: ScriptedModels] = [:]
    var prices: [String: (Double?, Double?)] = [:]

    func resolve(_ ref: ModelRef) throws -> ResolvedModel {
        let provider: ScriptedModels
        if ref.provider == "fake" {
            provider = models
        } else if let other = separate[ref.provider] {
            provider = other
        } else {
            throw ProviderError(.modelNotFound, "unknown model \(ref); known providers: fake")
        }
        let price = prices[ref.model] ?? (1, 2)
        return ResolvedModel(info: ModelInfo(ref: ref, pricePer1kInput: price.0, pricePer1kOutput: price.1),
                             provider: provider)
    }
}

/// Counts calls per key, thread-safely (scripts that change their answer over time).
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [String: Int] = [:]
    private var values: [Double] = []

    /// Increments the count for `key` and returns the new count (1 for the first call).
    func next(_ key: String) -> Int {
        lock.withLock {
            counts[key, default: 0] += 1
            return counts[key, default: 0]
        }
    }

    func record(_ value: Double) { lock.withLock { values.append(value) } }
    var recorded: [Double] { lock.withLock { values } }
}

/// A fresh database file in a unique temporary directory.
func makeTestStore() throws -> (Store, String) {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)")
    let path = dir.appendingPathComponent("atelier.db").path
    return (try Store(path: path), path)
}

func fake(_ model: String) -> ModelRef { ModelRef(provider: "fake", model: model) }

/// Drains an event stream into an array.
func collect<T: Sendable>(_ events: AsyncStream<T>) async -> [T] {
    var all: [T] = []
    for await event in events { all.append(event) }
    return all
}

/// The scripted debate: three models with distinct first answers and revisions.
enum DebateScript {
    static let models = [fake("m-alpha"), fake("m-beta"), fake("m-gamma")]
    static let prompt = "Why is the sky blue?"
    static let firsts = ["m-alpha": "Rayleigh scattering makes it blue.",
                         "m-beta": "Air scatters short wavelengths most.",
                         "m-gamma": "Blue light bounces around more than red."]
    static let synthesis = "Final: the sky is blue because air scatters short wavelengths (Rayleigh)."
    static let summary = "All three agreed on scattering; A and C sharpened their wording."

    static func revised(_ model: String) -> String { "Revised: " + (firsts[model] ?? "?") }

    @Sendable static func reply(_ call: FakeCall) -> FakeReply {
        switch call.stage {
        case .initial: return .text(firsts[call.model] ?? "unscripted model")
        case .debate: return .text(revised(call.model))
        case .synthesis: return .text(synthesis)
        case .summary: return .text(summary)
        case .artist: return .text("")
        }
    }

    /// The order statuses advance in, to compare an event with what the store holds.
    static func rank(_ status: DebateEntryStatus) -> Int {
        switch status {
        case .initial: return 0
        case .debate: return 1
        case .complete, .error: return 2
        }
    }
}

extension Array where Element: Equatable {
    /// The elements without consecutive repeats.
    func deduplicated() -> [Element] {
        var out: [Element] = []
        for element in self where out.last != element { out.append(element) }
        return out
    }
}
