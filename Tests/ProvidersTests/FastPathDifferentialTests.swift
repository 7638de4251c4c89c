import Core
import Foundation
import TestSupport
import Testing
@testable import Providers

/// The fast path (hand-written scanner) and the slow path (`JSONSerialization` for every
/// event) give byte-for-byte the same deltas, ending and errors, over thousands of generated
/// streams with every escape class, odd types, shuffled and repeated keys, extra fields and
/// broken JSON, cut into random pieces. The fast path must also really be taken.
@Suite struct FastPathDifferentialTests {
    static let rounds = 2000

    @Test func openAIStreamsDecodeTheSameBothWays() async {
        var corpus = FastPathCorpus(seed: 0x0A11, whitespace: [" ", "\t", "\n", "  "])
        let hits = await Self.compare(rounds: Self.rounds, make: { OpenAIChatDecoder(estimatedInputTokens: 7) }) {
            corpus.openAIStream()
        }
        #expect(hits > Self.rounds, "the fast path decoded only \(hits) events")
    }

    @Test func ollamaStreamsDecodeTheSameBothWays() async {
        var corpus = FastPathCorpus(seed: 0x011A, whitespace: [" ", "\t", "\r", "  "])
        let hits = await Self.compare(rounds: Self.rounds, make: { OllamaChatDecoder() }) { corpus.ollamaStream() }
        #expect(hits > Self.rounds, "the fast path decoded only \(hits) lines")
    }

    @Test func anthropicStreamsDecodeTheSameBothWays() async {
        var corpus = FastPathCorpus(seed: 0xA47, whitespace: [" ", "\t", "\n", "  "])
        let hits = await Self.compare(rounds: Self.rounds, make: { AnthropicChatDecoder() }) { corpus.anthropicStream() }
        #expect(hits > Self.rounds, "the fast path decoded only \(hits) events")
    }

    @Test func realStreamsTakeTheFastPathForEveryToken() throws {
        let tokens = 300
        var openAI = OpenAIChatDecoder()
        let openAIBody = FastPathStreams.openAI(tokens: tokens)
        #expect(Self.exact(Self.decodeAll(&openAI, [openAIBody])) == Self.exact(Self.slow(OpenAIChatDecoder(), [openAIBody])))
        #expect(openAI.fastPathHits == tokens + 4) // role, tokens, finish, usage, [DONE]

        var ollama = OllamaChatDecoder()
        let ollamaBody = FastPathStreams.ollama(tokens: tokens)
        #expect(Self.exact(Self.decodeAll(&ollama, [ollamaBody])) == Self.exact(Self.slow(OllamaChatDecoder(), [ollamaBody])))
        #expect(ollama.fastPathHits == tokens + 1)

        var anthropic = AnthropicChatDecoder()
        let anthropicBody = FastPathStreams.anthropic(tokens: tokens)
        #expect(Self.exact(Self.decodeAll(&anthropic, [anthropicBody])) == Self.exact(Self.slow(AnthropicChatDecoder(), [anthropicBody])))
        #expect(anthropic.fastPathHits == tokens)

        let recorded = try [UInt8](Fixtures.data("llamacpp-chat-stream.sse"))
        var llama = OpenAIChatDecoder(estimatedInputTokens: 20)
        let fast = Self.decodeAll(&llama, FastPathStreams.pieces(recorded, size: 97))
        #expect(Self.exact(fast) == Self.exact(Self.slow(OpenAIChatDecoder(estimatedInputTokens: 20), [recorded])))
        #expect(fast.end != nil)
        let events = String(decoding: recorded, as: UTF8.self).components(separatedBy: "data: ").count - 1
        #expect(llama.fastPathHits == events)
    }

    // MARK: Helpers

    /// Decodes `rounds` generated bodies both ways (whole, or cut in up to three random
    /// places, the same for both) and records the first few differences. Returns how many
    /// events the fast path decoded.
    static func compare<Decoder: ChatStreamDecoderWithPaths>(
        rounds: Int, make: () -> Decoder, body: () -> [UInt8]
    ) async -> Int {
        var random = FastPathCorpus.Generator(state: UInt64(rounds))
        var hits = 0
        var differences = 0
        for round in 0..<rounds {
            await breathe(round)
            let bytes = body()
            var cuts = (0..<Int.random(in: 0...3, using: &random)).map { _ in Int.random(in: 0...bytes.count, using: &random) }
            cuts.sort()
            let pieces = round % 4 == 0 ? [bytes] : split(bytes, at: cuts)
            var fast = make()
            let fastResult = decodeAll(&fast, pieces)
            hits += fast.fastPathHits
            let slowResult = slow(make(), pieces)
            guard exact(fastResult) != exact(slowResult) else { continue }
            differences += 1
            if differences <= 5 {
                let message = "round \(round) differs:\n\(String(decoding: bytes, as: UTF8.self).debugDescription)\n"
                    + "fast: \(fastResult)\nslow: \(slowResult)"
                Issue.record(Comment(rawValue: message))
            }
        }
        #expect(differences == 0)
        return hits
    }

    static func slow<Decoder: ChatStreamDecoderWithPaths>(_ decoder: Decoder, _ pieces: [[UInt8]]) -> Decoded {
        var decoder = decoder
        decoder.usesFastPath = false
        let result = decodeAll(&decoder, pieces)
        #expect(decoder.fastPathHits == 0)
        return result
    }

    static func decodeAll<Decoder: ChatStreamDecoder>(_ decoder: inout Decoder, _ pieces: [[UInt8]]) -> Decoded {
        var result = Decoded()
        do {
            for piece in pieces { result.deltas += try decoder.feed(piece) }
            result.end = try decoder.finish()
        } catch let error as ProviderError {
            result.error = error
        } catch {
            result.error = ProviderError(.malformed, "unexpected error type \(error)")
        }
        return result
    }

    /// Everything a caller can see, as bytes: `String`'s `==` would call canonically
    /// equivalent texts equal, and the two paths must agree to the byte.
    static func exact(_ decoded: Decoded) -> [[UInt8]] {
        var out: [[UInt8]] = []
        for delta in decoded.deltas {
            switch delta {
            case .text(let piece): out.append([0] + Array(piece.utf8))
            case .reasoning(let piece): out.append([1] + Array(piece.utf8))
            case .finished: out.append([2])
            }
        }
        if let end = decoded.end {
            out += [[3] + Array(end.text.utf8), Array(end.reasoning.utf8), Array("\(end.usage)".utf8),
                    Array((end.finishReason.map { "<\($0)>" } ?? "nil").utf8)]
        }
        if let error = decoded.error {
            // A stream error may quote a whole object's description (cut to 300 characters),
            // and a Dictionary's order differs from one instance to the next: only the part
            // before such a description is compared.
            var message = error.message
            if error.kind == .streamError, let object = message.range(of: ": [") {
                message = String(message[..<object.lowerBound])
            }
            out += [[4] + Array(error.kind.rawValue.utf8), Array(message.utf8),
                    Array((error.hint ?? "nil").utf8), Array(error.partialText.utf8)]
        }
        return out
    }
}

/// Lets other tests' tasks run now and then: the long loops of these tests would otherwise
/// hold a thread of the small cooperative pool for seconds and starve tests that wait on I/O.
func breathe(_ round: Int, every: Int = 50) async {
    if round % every == 0 { await Task.yield() }
}

/// The decoders whose fast path a test can turn off and count.
protocol ChatStreamDecoderWithPaths: ChatStreamDecoder {
    var usesFastPath: Bool { get set }
    var fastPathHits: Int { get }
}

extension OpenAIChatDecoder: ChatStreamDecoderWithPaths {}
extension OllamaChatDecoder: ChatStreamDecoderWithPaths {}
extension AnthropicChatDecoder: ChatStreamDecoderWithPaths {}
