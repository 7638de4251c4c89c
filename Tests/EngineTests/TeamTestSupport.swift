import Core
import Engine
import Foundation
import Providers
import Store
import Testing

/// What the engine asked a fake model for, read back from the prompt it built.
enum TeamFakeCallKind: Sendable, Equatable {
    case ideation
    case refinement(round: Int)
    case interjection(String)
    case clarify
    case adjustment
    case synthesis(retry: Bool)
    case review
    case other
}

/// One call a scripted model received.
struct TeamFakeCall: Sendable {
    var role: TeamRole?
    var kind: TeamFakeCallKind
    var system: String
    var prompt: String
    var model: String
    var jsonMode: Bool
    /// How many calls of this role and kind came before this one.
    var index: Int

    static func parse(_ request: ChatRequest, index: (TeamRole?, TeamFakeCallKind) -> Int) -> TeamFakeCall {
        let system = request.messages.first { $0.role == .system }?.content ?? ""
        let prompt = request.messages.last { $0.role == .user }?.content ?? ""
        let role = TeamRole.allCases.first { system.hasPrefix("You are \($0.name),") }
        let asked = prompt.components(separatedBy: "What is asked of you now").last ?? ""
        let kind: TeamFakeCallKind
        if asked.contains("Give your first take") {
            kind = .ideation
        } else if asked.contains("Answer the others by name") {
            let round = prompt.components(separatedBy: "Phase: refinement, round ").last?
                .split(separator: " ").first.flatMap { Int($0) } ?? 0
            kind = .refinement(round: round)
        } else if let range = asked.range(of: "The person has just interjected: “") {
            let rest = asked[range.upperBound...]
            kind = .interjection(String(rest.prefix { $0 != "”" }))
        } else if asked.contains("clarifying questions") {
            kind = .clarify
        } else if asked.contains("asks for a change") {
            kind = .adjustment
        } else if asked.contains("Turn the team's consensus") {
            kind = .synthesis(retry: asked.contains("could not be read"))
        } else if asked.contains("Review spec v") {
            kind = .review
        } else {
            kind = .other
        }
        return TeamFakeCall(role: role, kind: kind, system: system, prompt: prompt, model: request.model,
                        jsonMode: request.jsonMode, index: index(role, kind))
    }
}

/// A test's hold on a fake reply: the reply waits until `open()`.
final class Gate: @unchecked Sendable {
    private let lock = NSLock()
    private var isOpen = false

    func open() { lock.withLock { isOpen = true } }

    func wait() async throws {
        while !lock.withLock({ isOpen }) { try await Task.sleep(for: .milliseconds(5)) }
    }
}

/// How a fake model answers one call.
struct TeamFakeReply: Sendable {
    var pieces: [String]
    var delay: Duration?
    var gate: Gate?
    /// After the pieces, wait until cancelled.
    var hang = false
    var failure: ProviderError?

    static func text(_ text: String) -> TeamFakeReply {
        var pieces: [String] = []
        var current = ""
        for char in text {
            current.append(char)
            if char == " " {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return TeamFakeReply(pieces: pieces)
    }

    static func failing(_ error: ProviderError = ProviderError(.unreachable, "connection refused", url: "http://127.0.0.1:9/api/chat")) -> TeamFakeReply {
        TeamFakeReply(pieces: [], failure: error)
    }

    static func hanging(after text: String) -> TeamFakeReply {
        var reply = TeamFakeReply.text(text)
        reply.hang = true
        return reply
    }

    func gated(_ gate: Gate) -> TeamFakeReply {
        var copy = self
        copy.gate = gate
        return copy
    }

    func paced(_ delay: Duration) -> TeamFakeReply {
        var copy = self
        copy.delay = delay
        return copy
    }
}

/// The scripted team: answers each call with `responder`, and keeps every call.
final class TeamScript: @unchecked Sendable {
    private let lock = NSLock()
    private var log: [TeamFakeCall] = []
    private var counts: [String: Int] = [:]
    let responder: @Sendable (TeamFakeCall) -> TeamFakeReply

    init(_ responder: @escaping @Sendable (TeamFakeCall) -> TeamFakeReply = Standard.reply) {
        self.responder = responder
    }

    func record(_ request: ChatRequest) -> TeamFakeCall {
        lock.withLock {
            let call = TeamFakeCall.parse(request) { role, kind in
                let key = "\(role?.rawValue ?? "-")/\(Self.bucket(kind))"
                defer { counts[key, default: 0] += 1 }
                return counts[key, default: 0]
            }
            log.append(call)
            return call
        }
    }

    var calls: [TeamFakeCall] { lock.withLock { log } }

    func calls(_ role: TeamRole) -> [TeamFakeCall] { calls.filter { $0.role == role } }

    static func bucket(_ kind: TeamFakeCallKind) -> String {
        switch kind {
        case .ideation: return "ideation"
        case .refinement: return "refinement"
        case .interjection: return "interjection"
        case .clarify: return "clarify"
        case .adjustment: return "adjustment"
        case .synthesis: return "synthesis"
        case .review: return "review"
        case .other: return "other"
        }
    }
}

/// A provider whose replies come from a `TeamScript`.
struct ScriptedTeamProvider: ChatProvider {
    let name = "fake"
    let kind = ProviderKind.openAICompatible
    let baseURL = "fake://team"
    let script: TeamScript

    func stream(_ request: ChatRequest) -> AsyncThrowingStream<ChatDelta, Error> {
        let call = script.record(request)
        let reply = script.responder(call)
        return AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    if let gate = reply.gate { try await gate.wait() }
                    var sent = ""
                    for piece in reply.pieces {
                        if let delay = reply.delay { try await Task.sleep(for: delay) }
                        try Task.checkCancellation()
                        continuation.yield(.text(piece))
                        sent += piece
                    }
                    if reply.hang {
                        while true { try await Task.sleep(for: .milliseconds(5)) }
                    }
                    if let failure = reply.failure {
                        continuation.finish(throwing: failure.withPartialText(sent))
                        return
                    }
                    let usage = Usage(inputTokens: Usage.estimateTokens(request.messages.map(\.content).joined()),
                                      outputTokens: reply.pieces.count)
                    continuation.yield(.finished(ChatCompletion(text: sent, usage: usage, finishReason: "stop",
                                                                timeToFirstToken: 0.001, latency: 0.002)))
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    func listModels() async throws -> [ModelInfo] { [] }
    func probe() async -> Reachability { Reachability(provider: name, url: baseURL, outcome: .ok(detail: "scripted"), elapsed: 0) }
}

/// Resolves every `fake:*` model to the scripted provider; anything else is unknown.
struct TeamScriptedDirectory: ModelDirectory {
    let provider: any ChatProvider
    let providerName: String

    init(provider: any ChatProvider, providerName: String = "fake") {
        self.provider = provider
        self.providerName = providerName
    }

    func resolve(_ ref: ModelRef) throws -> ResolvedModel {
        guard ref.provider == providerName else { throw ProviderError(.modelNotFound, "unknown model \(ref)") }
        return ResolvedModel(info: ModelInfo(ref: ref, pricePer1kInput: 0, pricePer1kOutput: 0), provider: provider)
    }
}

/// A clock that moves one second per reading, from a fixed start.
final class StepClock: @unchecked Sendable {
    private let lock = NSLock()
    private var ticks = 0.0
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func now() -> Date {
        lock.withLock {
            ticks += 1
            return start.addingTimeInterval(ticks)
        }
    }
}

/// Collects a session's events and waits for them.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [TeamEvent] = []
    private var ended = false

    init(_ session: TeamSession) {
        let events = session.events
        Task { [self] in
            for await event in events { lock.withLock { list.append(event) } }
            lock.withLock { ended = true }
        }
    }

    var all: [TeamEvent] { lock.withLock { list } }
    var finished: Bool { lock.withLock { ended } }

    struct Timeout: Error, CustomStringConvertible {
        var description: String
    }

    /// Waits (up to 10 s) for the first event matching `predicate`, looking from the start.
    @discardableResult
    func wait(for what: String = "event", timeout: Duration = .seconds(10),
              _ predicate: (TeamEvent) -> Bool) async throws -> TeamEvent {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let found = all.first(where: predicate) { return found }
            try await Task.sleep(for: .milliseconds(5))
        }
        let tail = all.suffix(8).map { "\($0)".prefix(160) }.joined(separator: "\n")
        throw Timeout(description: "timed out waiting for \(what); last events:\n\(tail)")
    }

    func waitForReady(version: Int? = nil) async throws -> TeamSpecVersion {
        let event = try await wait(for: "ready") {
            if case .ready(let spec) = $0 { return version == nil || spec.version == version }
            return false
        }
        guard case .ready(let spec) = event else { throw Timeout(description: "not a ready event") }
        return spec
    }

    func waitForStatus(_ status: TeamStatus) async throws {
        try await wait(for: "status \(status.rawValue)") { $0 == .statusChanged(status) }
    }

    var phases: [TeamPhase] {
        all.compactMap { if case .phaseChanged(let phase, _) = $0 { return phase } else { return nil } }
    }

    func index(_ predicate: (TeamEvent) -> Bool) -> Int? { all.firstIndex(where: predicate) }
}

/// A session on a fresh database with a scripted team.
struct TeamHarness {
    let directory: URL
    let store: Store
    let script: TeamScript
    let session: TeamSession
    let log: EventLog
    let configuration: TeamConfiguration

    var databasePath: String { directory.appendingPathComponent("atelier.db").path }

    static func make(script: TeamScript = TeamScript(), settings: TeamSettings = TeamSettings(),
                     models: [TeamRole: ModelRef] = [:], seed: UInt64 = 42) async throws -> TeamHarness {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("team-\(UUID().uuidString)")
        let store = try Store(path: directory.appendingPathComponent("atelier.db").path)
        let clock = StepClock()
        let configuration = TeamConfiguration(defaultModel: ModelRef(provider: "fake", model: "standard"),
                                              settings: settings, seed: seed, clock: { clock.now() })
        let session = try await TeamSession.create(store: store, directory: TeamHarness.modelDirectory(script), configuration: configuration,
                                                   models: models, title: "test")
        return TeamHarness(directory: directory, store: store, script: script, session: session, log: EventLog(session),
                           configuration: configuration)
    }

    static func modelDirectory(_ script: TeamScript) -> TeamScriptedDirectory {
        TeamScriptedDirectory(provider: ScriptedTeamProvider(script: script))
    }

    func messages() async throws -> [StoredMessage] {
        try await TeamSessionLoader.allMessages(store: store, sessionID: session.sessionID)
    }
}

/// The cooperative team: distinct first takes, agreement in round 1, a valid spec, approval.
enum Standard {
    static let request = "Create a cyberpunk street scene at night with neon signs"

    static let ideas: [TeamRole: String] = [
        .luna: "Deep teal shadows against warm amber neon, volumetric fog catching the light, a Blade Runner 2049 palette.",
        .frame: "Low angle at 35mm, subject on the left third, wet street leading lines into the background towers.",
        .saga: "A lone courier waiting under a flickering sign for someone who will not come; quiet loneliness.",
    ]

    static let agreements: [TeamRole: String] = [
        .luna: "I agree: teal shadows, amber neon, low angle, lone courier waiting. Nothing new to add.",
        .frame: "I agree: low angle, teal shadows, amber neon, the lone courier waiting. Nothing new to add.",
        .saga: "I agree, the lone courier waiting with amber neon and teal shadows, low angle. Nothing new to add.",
    ]

    static let spec = """
        {"template_id": "sd15-txt2img", "checkpoint": "dreamshaper_8.safetensors", "sampler": "dpmpp_2m",
         "scheduler": "karras", "steps": "28", "cfg": 6.5, "width": 768, "height": 512, "seed": -1,
         "positive": "cyberpunk street at night, teal and amber neon, low angle, lone courier waiting",
         "negative": "blurry, text, watermark"}
        """

    static func reply(_ call: TeamFakeCall) -> TeamFakeReply {
        guard let role = call.role else { return .text("ok") }
        switch call.kind {
        case .ideation: return .text(ideas[role] ?? "An idea.")
        case .refinement: return .text(agreements[role] ?? "I agree. Nothing new to add.")
        case .interjection(let text): return .text("\(role.name) hears you (\(text)); I fold that in.")
        case .clarify: return .text("1. What should the image show? 2. Which mood? 3. Any style you like?")
        case .adjustment: return .text("For that change I would push the neon brighter and keep the rest as it is.")
        case .synthesis: return .text(spec)
        case .review: return .text("APPROVED. Coherent, feasible, the palette and the angle agree.")
        case .other: return .text("ok")
        }
    }
}
