import Core
import Foundation
import Testing
@testable import Providers

/// A timing harness, not a timed assertion: decodes long streams of each protocol, by
/// the fast path and (for comparison, in the same conditions) by the slow path alone, and
/// prints the CPU time per token (this thread's CPU clock). It asserts only
/// that every stream decoded completely, so it cannot flake on a loaded machine.
/// By default it runs once over 2,000 tokens, so `swift test` stays light on a shared machine;
/// `FASTJSON_TOKENS=20000 swift test --filter FastPathTimingTests` is the real measurement
/// (best of three runs).
@Suite(.serialized) struct FastPathTimingTests {
    static let requested = ProcessInfo.processInfo.environment["FASTJSON_TOKENS"].flatMap { Int($0) }
    static let tokens = max(1, requested ?? 2_000)
    static let runs = requested == nil ? 1 : 3

    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let body: [UInt8]
        let sse: Bool
        let make: @Sendable () -> any ChatStreamDecoderWithPaths
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "OpenAI SSE", body: FastPathStreams.openAI(tokens: tokens), sse: true) { OpenAIChatDecoder() },
        Case(name: "Ollama NDJSON", body: FastPathStreams.ollama(tokens: tokens), sse: false) { OllamaChatDecoder() },
        Case(name: "Anthropic SSE", body: FastPathStreams.anthropic(tokens: tokens), sse: true) { AnthropicChatDecoder() },
    ]

    @Test(arguments: cases)
    func microsecondsPerToken(_ testCase: Case) async throws {
        let chunkings: [(String, [[UInt8]])] = [
            ("16 KiB writes", FastPathStreams.pieces(testCase.body, size: 16_384)),
            ("one event per write", FastPathStreams.perEvent(testCase.body, sse: testCase.sse)),
        ]
        for (label, pieces) in chunkings {
            for fast in [true, false] {
                var best = Double.infinity
                for _ in 0..<Self.runs {
                    await Task.yield()
                    var decoder = testCase.make()
                    decoder.usesFastPath = fast
                    let (seconds, end) = try Self.run(decoder, pieces)
                    #expect(end.usage.outputTokens == Self.tokens)
                    #expect(end.text.unicodeScalars.count > Self.tokens)
                    best = min(best, seconds)
                }
                let perToken = String(format: "%.2f", best / Double(Self.tokens) * 1e6)
                let path = fast ? "fast path" : "slow path"
                print("fastjson timing (\(Self.tokens) tokens): \(testCase.name), \(label), \(path): \(perToken) µs/token")
            }
        }
    }

    static func run(_ decoder: any ChatStreamDecoder, _ pieces: [[UInt8]]) throws -> (Double, ChatStreamEnd) {
        var decoder = decoder
        var deltas = 0
        let start = threadCPUSeconds()
        for piece in pieces { deltas += try decoder.feed(piece).count }
        let end = try decoder.finish()
        let seconds = threadCPUSeconds() - start
        #expect(deltas >= tokens)
        return (seconds, end)
    }

    /// CPU time used by the calling thread.
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
