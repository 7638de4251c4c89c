import Core
import Foundation
import Glibc
import Net
@testable import Providers
import Synchronization
import Testing
import TestSupport

// Shared by the Clients*Tests files: signals between tests and server handlers, stream
// collection, wire-format builders for the three protocols, and short test settings.

/// A one-way signal between a test and a server handler thread: `raise()` from anywhere;
/// handlers block in `wait(seconds:)`, async tests poll with `eventually`.
final class ClientSignal: Sendable {
    private let raised = Mutex(false)
    private let semaphore = DispatchSemaphore(value: 0)

    func raise() {
        let first = raised.withLock { raised in
            defer { raised = true }
            return !raised
        }
        if first { semaphore.signal() }
    }

    var isRaised: Bool { raised.withLock { $0 } }

    /// Blocks the calling thread (a handler); true when raised in time.
    func wait(seconds: Double) -> Bool {
        if isRaised { return true }
        let got = semaphore.wait(timeout: .now() + seconds) == .success
        if got { semaphore.signal() }
        return got
    }
}

/// A thread-safe value box for handlers.
final class ClientBox<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ initial: Value) { value = Mutex(initial) }
    var current: Value { value.withLock { $0 } }
    @discardableResult
    func update<R: Sendable>(_ body: @Sendable (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}

/// Polls `condition` every 10 ms until it holds or `seconds` pass.
func clientsEventually(within seconds: Double = 5, _ condition: @Sendable () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return condition()
}

func secondsSince(_ start: ContinuousClock.Instant) -> Double {
    start.duration(to: .now).seconds
}

/// A loopback port with nothing listening.
func unusedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    try #require(fd >= 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr = in_addr(s_addr: UInt32(0x7f00_0001).bigEndian)
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    try #require(bound == 0)
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Everything a reply stream produced.
struct Collected: Sendable {
    var deltas: [ChatDelta] = []
    var completion: ChatCompletion?
    var error: ProviderError?
    var otherError: String?

    var text: String {
        deltas.compactMap { if case .text(let piece) = $0 { piece } else { nil } }.joined()
    }

    var finishedCount: Int {
        deltas.filter { if case .finished = $0 { true } else { false } }.count
    }
}

func collect(_ stream: AsyncThrowingStream<ChatDelta, Error>) async -> Collected {
    var result = Collected()
    do {
        for try await delta in stream {
            result.deltas.append(delta)
            if case .finished(let completion) = delta { result.completion = completion }
        }
    } catch let error as ProviderError {
        result.error = error
    } catch {
        result.otherError = "\(error)"
    }
    return result
}

/// Short limits and fast retries for tests.
func testSettings(firstByte: Double = 10, stall: Double = 5, connect: Double = 3, maxLineBytes: Int = 1 << 20,
                  maxResponseBytes: Int = 64 << 20, concurrency: Int = 8, retries: Int = 2) -> ClientSettings {
    ClientSettings(connectTimeout: connect, firstByteTimeout: firstByte, stallTimeout: stall,
                     maxResponseBytes: maxResponseBytes, maxLineBytes: maxLineBytes, maxConcurrentRequests: concurrency,
                     retry: RetryPolicy(maxRetries: retries, initialBackoff: 0.05, maxBackoff: 0.2),
                     probeConnectTimeout: 1, probeTimeout: 2)
}

let sampleRequest = ChatRequest(model: "m1", messages: [.system("Be brief."), .user("Say hello")])

// MARK: - Wire builders

/// Escapes a string as a JSON string literal (with quotes).
func jsonString(_ text: String) -> String {
    String(decoding: JSONValue.string(text).encoded(), as: UTF8.self)
}

enum Wire {
    static func ollamaLine(_ content: String) -> String {
        "{\"model\":\"m1\",\"message\":{\"role\":\"assistant\",\"content\":\(jsonString(content))},\"done\":false}\n"
    }

    static func ollamaDone(input: Int = 7, output: Int = 3, reason: String = "stop") -> String {
        "{\"model\":\"m1\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"\(reason)\","
            + "\"prompt_eval_count\":\(input),\"eval_count\":\(output)}\n"
    }

    static func openAIChunk(_ content: String) -> String {
        "data: {\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\(jsonString(content))},\"finish_reason\":null}],\"usage\":null}\n\n"
    }

    static let openAIRole = "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"

    static func openAIEnd(input: Int = 12, output: Int = 3, reason: String = "stop") -> String {
        "data: {\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"\(reason)\"}],\"usage\":null}\n\n"
            + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":\(input),\"completion_tokens\":\(output),\"total_tokens\":\(input + output)}}\n\n"
            + "data: [DONE]\n\n"
    }

    static func anthropicStart(input: Int = 11) -> String {
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"m1\",\"usage\":{\"input_tokens\":\(input),\"output_tokens\":1}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    }

    static func anthropicText(_ text: String) -> String {
        "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\(jsonString(text))}}\n\n"
    }

    static let anthropicPing = "event: ping\ndata: {\"type\": \"ping\"}\n\n"

    static func anthropicEnd(output: Int = 6, reason: String = "end_turn") -> String {
        "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
            + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"\(reason)\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":\(output)}}\n\n"
            + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"
    }
}

/// Which protocol a parameterised test speaks; makes the client and the reply bytes.
enum Dialect: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case ollama, openai, anthropic

    var testDescription: String { rawValue }

    var contentType: String { self == .ollama ? "application/x-ndjson" : "text/event-stream" }

    func provider(_ baseURL: String, settings: ClientSettings, key: String? = "sk-test-key-0123456789",
                  limiter: ConcurrencyLimiter? = nil) throws -> any ChatProvider {
        switch self {
        case .ollama:
            return try OllamaProvider(baseURL: baseURL, settings: settings, limiter: limiter)
        case .openai:
            return try OpenAICompatibleProvider(name: "openai", baseURL: baseURL + "/v1", apiKey: key,
                                                settings: settings, limiter: limiter)
        case .anthropic:
            return try AnthropicProvider(baseURL: baseURL, apiKey: key, settings: settings, limiter: limiter)
        }
    }

    var chatPath: String {
        switch self {
        case .ollama: return "/api/chat"
        case .openai: return "/v1/chat/completions"
        case .anthropic: return "/v1/messages"
        }
    }

    /// The bytes before any content (role chunk, message_start), possibly empty.
    var preamble: String {
        switch self {
        case .ollama: return ""
        case .openai: return Wire.openAIRole
        case .anthropic: return Wire.anthropicStart()
        }
    }

    func piece(_ text: String) -> String {
        switch self {
        case .ollama: return Wire.ollamaLine(text)
        case .openai: return Wire.openAIChunk(text)
        case .anthropic: return Wire.anthropicText(text)
        }
    }

    var ending: String {
        switch self {
        case .ollama: return Wire.ollamaDone()
        case .openai: return Wire.openAIEnd()
        case .anthropic: return Wire.anthropicEnd()
        }
    }

    var keepAlive: String {
        switch self {
        case .ollama: return ""
        case .openai: return ": ping\n\n"
        case .anthropic: return Wire.anthropicPing
        }
    }

    /// A mid-stream error object in this protocol.
    var midStreamError: String {
        switch self {
        case .ollama: return "{\"error\":\"the runner crashed\"}\n"
        case .openai: return "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n"
        case .anthropic: return "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n"
        }
    }

    /// A whole reply: preamble, one piece per text, ending.
    func reply(_ pieces: [String]) -> [String] {
        [preamble].filter { !$0.isEmpty } + pieces.map(piece) + [ending]
    }
}

extension HTTPServerResponseWriter {
    /// A 200 streamed head for `dialect`, then each write as its own chunk.
    func stream(_ dialect: Dialect, _ writes: [String]) {
        writeHead(status: 200, headers: [("Content-Type", dialect.contentType)], mode: .chunked)
        for text in writes { write(text) }
    }
}
