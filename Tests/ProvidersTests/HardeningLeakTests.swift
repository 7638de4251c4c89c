import Core
import Foundation
import Glibc
import Net
@testable import Providers
import Synchronization
import Testing
import TestSupport

/// Suite 4, leaks: every client fault, many times over, for the three dialects, in process.
/// Before and after, the test counts this process's open file descriptors (/proc/self/fd)
/// and threads (/proc/self/task, which include the HTTP engine threads and the fakes'
/// connection threads, so a socket the client never closes shows as a thread left
/// serving it); each run has its own `HTTPClient`, held weakly afterwards, so a task
/// still alive inside the client (a watchdog, a transfer, a retry sleep) shows as a client
/// that was never released. `make test` runs each fault 4 times per dialect;
/// `make faults-test` 40 times.
@Suite struct HardeningLeakTests {
    enum Fault: String, CaseIterable, Sendable {
        case complete, refused, stallAfterHeaders, stallMidStream, keepAliveOnly, truncated, cutMidCharacter
        case invalidUTF8, lineOverCap, serverError, rateLimited, midStreamError, cancelled
    }

    static func behaviour(_ fault: Fault) -> FakeBehaviour {
        let base = FakeBehaviour.reply("one two three four five six", tokens: 6)
        switch fault {
        case .complete, .refused: return base
        case .stallAfterHeaders: return base.stalling(afterTokens: 0, for: .untilClientLeaves)
        case .stallMidStream, .cancelled: return base.stalling(afterTokens: 3, for: .untilClientLeaves)
        case .keepAliveOnly: return .keepAliveOnly(every: 0.05)
        case .truncated: return base.truncated(afterTokens: 3)
        case .cutMidCharacter: return base.cut(afterTokens: 3, .midCharacter)
        case .invalidUTF8: return base.injecting(.invalidUTF8(afterTokens: 2))
        case .lineOverCap: return base.injecting(.giantToken(afterTokens: 2, bytes: 80_000))
        case .serverError: return .failure(503)
        case .rateLimited: return .failure(429, retryAfter: .milliseconds(10))
        case .midStreamError: return base.failingMidStream(afterTokens: 3)
        }
    }

    static let settings = ClientSettings(connectTimeout: 1, firstByteTimeout: 0.4, stallTimeout: 0.3,
                                         maxResponseBytes: 1 << 20, maxLineBytes: 64 << 10, maxConcurrentRequests: 8,
                                         retry: RetryPolicy(maxRetries: 1, initialBackoff: 0.01, maxBackoff: 0.02),
                                         probeConnectTimeout: 1, probeTimeout: 2)

    /// One request: a fresh client, the fault, the outcome; returns the client weakly.
    static func once(_ dialect: Dialect, _ fault: Fault, servers: Servers) async throws -> (WeakClient, String?) {
        let client = HTTPClient()
        let weak = WeakClient(client)
        let root = fault == .refused ? servers.closed : servers.root(dialect)
        let provider: any ChatProvider
        let model: String
        switch dialect {
        case .ollama:
            provider = try OllamaProvider(baseURL: root, settings: settings, client: client)
            model = "llama3.2:latest"
        case .openai:
            provider = try OpenAICompatibleProvider(name: "fake", baseURL: root + "/v1", settings: settings, client: client)
            model = "m1"
        case .anthropic:
            provider = try AnthropicProvider(baseURL: root, apiKey: "sk-test-key-0123456789", settings: settings, client: client)
            model = "claude-sonnet-4-5"
        }
        let request = ChatRequest(model: model, messages: [.user("hello")], maxTokens: 50)
        if fault == .cancelled {
            let task = Task { await collect(provider.stream(request)) }
            try? await Task.sleep(for: .milliseconds(50))
            task.cancel()
            let result = await task.value
            return (weak, result.error?.kind.rawValue ?? (result.completion == nil ? "ended" : "complete"))
        }
        let result = await collect(provider.stream(request))
        return (weak, result.error?.kind.rawValue ?? (result.completion == nil ? result.otherError : "complete"))
    }

    /// The three fakes, sharing one behaviour per fault.
    final class Servers: Sendable {
        let ollama: FakeOllamaServer
        let openAI: FakeOpenAIServer
        let anthropic: FakeAnthropicServer
        let closed: String

        init() throws {
            ollama = try FakeOllamaServer()
            openAI = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
            anthropic = try FakeAnthropicServer()
            closed = "http://127.0.0.1:\(try unusedLoopbackPort())"
        }

        func root(_ dialect: Dialect) -> String {
            switch dialect {
            case .ollama: return ollama.rootURL
            case .openai: return openAI.rootURL
            case .anthropic: return anthropic.rootURL
            }
        }

        func set(_ behaviour: FakeBehaviour) {
            ollama.defaultBehaviour = behaviour
            openAI.defaultBehaviour = behaviour
            anthropic.defaultBehaviour = behaviour
        }

        var openConnections: Int { ollama.openConnectionCount + openAI.openConnectionCount + anthropic.openConnectionCount }

        func stop() {
            ollama.httpServer.stop()
            openAI.httpServer.stop()
            anthropic.httpServer.stop()
        }
    }

    final class WeakClient: Sendable {
        private let reference: Mutex<Weak>
        struct Weak: @unchecked Sendable { weak var value: HTTPClient? }
        init(_ client: HTTPClient) { reference = Mutex(Weak(value: client)) }
        var isReleased: Bool { reference.withLock { $0.value == nil } }
    }

    static func count(_ directory: String) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: directory).count) ?? -1
    }

    @Test func clientFaultsLeakNoDescriptorThreadOrTask() async throws {
        let rounds = Hardening.trials(fast: 4, full: 40)
        let servers = try Servers()
        defer { servers.stop() }
        // Warm up once per fault (lazy one-time set-up such as libcurl's global state).
        for fault in Fault.allCases {
            servers.set(Self.behaviour(fault))
            for dialect in Dialect.allCases { _ = try await Self.once(dialect, fault, servers: servers) }
        }
        #expect(await clientsEventually(within: 5) { servers.openConnections == 0 })
        let descriptorsBefore = Self.count("/proc/self/fd")
        let threadsBefore = Self.count("/proc/self/task")
        var clients: [WeakClient] = []
        var outcomes: [String: Set<String>] = [:]
        var runs = 0
        for fault in Fault.allCases {
            servers.set(Self.behaviour(fault))
            try await withThrowingTaskGroup(of: (WeakClient, String?).self) { group in
                for _ in 0..<rounds {
                    for dialect in Dialect.allCases {
                        group.addTask { try await Self.once(dialect, fault, servers: servers) }
                    }
                }
                for try await (client, outcome) in group {
                    clients.append(client)
                    outcomes[fault.rawValue, default: []].insert(outcome ?? "nil")
                    runs += 1
                }
            }
        }
        let finished = clients
        let settled = await clientsEventually(within: 10) {
            servers.openConnections == 0 && finished.allSatisfy(\.isReleased)
                && Self.count("/proc/self/fd") <= descriptorsBefore && Self.count("/proc/self/task") <= threadsBefore
        }
        let descriptorsAfter = Self.count("/proc/self/fd")
        let threadsAfter = Self.count("/proc/self/task")
        let unreleased = clients.filter { !$0.isReleased }.count
        #expect(settled, "fds \(descriptorsBefore)→\(descriptorsAfter), threads \(threadsBefore)→\(threadsAfter), clients alive \(unreleased), server connections \(servers.openConnections)")
        // Every fault ended as the fault it is (never as a completed reply), except `complete`.
        for fault in Fault.allCases where fault != .complete {
            #expect(!(outcomes[fault.rawValue] ?? []).contains("complete"), "\(fault): \(outcomes[fault.rawValue] ?? [])")
        }
        #expect(outcomes[Fault.complete.rawValue] == ["complete"])
        Hardening.report("faults/leaks", [("runs", runs), ("faults", Fault.allCases.count), ("dialects", 3),
                                          ("fds_before", descriptorsBefore), ("fds_after", descriptorsAfter),
                                          ("threads_before", threadsBefore), ("threads_after", threadsAfter),
                                          ("clients_alive", unreleased)])
        let kinds = Fault.allCases.map { "\($0.rawValue)→\((outcomes[$0.rawValue] ?? []).sorted().joined(separator: "|"))" }
        Hardening.report("faults/leaks-outcomes", [("kinds", kinds.joined(separator: ","))])
    }
}
