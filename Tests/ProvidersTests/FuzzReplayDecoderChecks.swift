import Core
import Foundation
@testable import Providers
import TestSupport

// Invariant checks of the decoder harnesses (`ollama`, `openai`, `anthropic`), compiled both
// into the libFuzzer harnesses by `Tests/Fuzz/build.sh` and into ProvidersTests.

/// A decoder whose fast path a check can turn off (both paths must agree).
protocol FuzzableDecoder: ChatStreamDecoder {
    var usesFastPath: Bool { get set }
}

extension OllamaChatDecoder: FuzzableDecoder {}
extension OpenAIChatDecoder: FuzzableDecoder {}
extension AnthropicChatDecoder: FuzzableDecoder {}

/// The decoder harnesses: each feeds the payload whole, cut at the chosen point and one byte
/// at a time, on the fast and the slow path, and checks the `ChatStreamDecoder` contract:
/// `feed` returns only non-empty `.text`/`.reasoning`; `text` is the concatenation of the
/// `.text` deltas; an error's partial text starts with the deltas returned and equals
/// `text`; errors are sticky; an ending is never produced without the protocol's terminator
/// (found independently, by `ReferenceSSE` or a line-by-line `JSONSerialization`); bytes
/// after the ending are ignored; and every way of feeding ends the same way.
enum DecoderFuzzCheck {
    static func ollama(_ bytes: [UInt8]) -> FuzzFailures {
        run(bytes, make: { OllamaChatDecoder(maxLineBytes: $0) }, hasTerminator: ollamaTerminator)
    }

    static func openAI(_ bytes: [UInt8]) -> FuzzFailures {
        run(bytes, make: { OpenAIChatDecoder(estimatedInputTokens: 3, maxLineBytes: $0) }, hasTerminator: openAITerminator)
    }

    static func anthropic(_ bytes: [UInt8]) -> FuzzFailures {
        run(bytes, make: { AnthropicChatDecoder(maxLineBytes: $0) }, hasTerminator: anthropicTerminator)
    }

    /// Everything a caller sees from one way of feeding.
    struct Run {
        var label: String
        var deltas: [ChatDelta] = []
        var end: ChatStreamEnd?
        var error: ProviderError?

        var deltaText: String { deltas.reduce(into: "") { if case .text(let piece) = $1 { $0 += piece } } }
        var deltaReasoning: String { deltas.reduce(into: "") { if case .reasoning(let piece) = $1 { $0 += piece } } }

        /// The outcome as bytes (String `==` would equate canonically equivalent texts).
        var ending: [[UInt8]] {
            if let end {
                return [Array(end.text.utf8), Array(end.reasoning.utf8), Array("\(end.usage)".utf8),
                        Array((end.finishReason.map { "<\($0)>" } ?? "nil").utf8)]
            }
            guard let error else { return [] }
            var message = error.message
            // A stream error may quote a dictionary's description, whose order varies.
            if error.kind == .streamError, let object = message.range(of: ": [") {
                message = String(message[..<object.lowerBound])
            }
            return [Array("error \(error.kind.rawValue)".utf8), Array(message.utf8), Array((error.hint ?? "nil").utf8),
                    Array(error.partialText.utf8)]
        }
    }

    static func run<Decoder: FuzzableDecoder>(_ bytes: [UInt8], make: (Int) -> Decoder,
                                              hasTerminator: ([UInt8], Int) -> Bool) -> FuzzFailures {
        let input = FuzzInput(bytes)
        let cap = fuzzLineCap(input)
        var failures = FuzzFailures()
        var runs: [Run] = []
        let ways: [(String, [[UInt8]], Bool)] = [
            ("whole", [input.payload], true),
            ("split at \(input.splitPoint)", input.twoPieces, true),
            ("byte by byte", input.bytewisePieces, true),
            ("whole, slow path", [input.payload], false),
            ("split at \(input.splitPoint), slow path", input.twoPieces, false),
        ]
        for (label, pieces, fast) in ways {
            var decoder = make(cap)
            decoder.usesFastPath = fast
            runs.append(decode(&decoder, pieces, label: label, failures: &failures))
        }
        let reference = runs[2]
        for run in runs where run.ending != reference.ending {
            failures.fail("\(run.label) ends \(describe(run)) but byte by byte ends \(describe(reference))")
        }
        if runs.contains(where: { $0.end != nil }), !hasTerminator(input.payload, cap) {
            failures.fail("an ending was decoded but the body holds no terminator")
        }
        if reference.error == nil {
            for run in runs where run.error == nil {
                failures.expect(run.deltas == reference.deltas, "\(run.label): deltas differ from byte by byte")
            }
        }
        return failures
    }

    static func describe(_ run: Run) -> String {
        if let end = run.end { return "with \(end)" }
        if let error = run.error { return "with \(error.kind): \(error.message) [partial \(error.partialText.debugDescription)]" }
        return "with nothing"
    }

    /// Feeds `pieces`, checking the contract after every call.
    static func decode<Decoder: FuzzableDecoder>(_ decoder: inout Decoder, _ pieces: [[UInt8]], label: String,
                                                 failures: inout FuzzFailures) -> Run {
        var run = Run(label: label)
        func thrown(_ error: any Error, in call: String) {
            guard let providerError = error as? ProviderError else {
                failures.fail("\(label): \(call) threw a \(type(of: error)), not a ProviderError")
                return
            }
            run.error = providerError
            failures.expect(providerError.partialText.utf8.starts(with: run.deltaText.utf8),
                            "\(label): the partial text \(providerError.partialText.debugDescription) does not start with the deltas \(run.deltaText.debugDescription)")
            failures.expect(Array(providerError.partialText.utf8) == Array(decoder.text.utf8),
                            "\(label): the partial text differs from the decoder's text")
            failures.expect(!providerError.message.isEmpty, "\(label): an error with no message")
        }
        for piece in pieces {
            do {
                let deltas = try decoder.feed(piece)
                for delta in deltas {
                    switch delta {
                    case .finished: failures.fail("\(label): feed returned .finished")
                    case .text(let text), .reasoning(let text):
                        failures.expect(!text.isEmpty, "\(label): feed returned an empty piece")
                    }
                }
                run.deltas += deltas
                failures.expect(Array(decoder.text.utf8) == Array(run.deltaText.utf8),
                                "\(label): text \(decoder.text.debugDescription) is not the concatenation of the deltas \(run.deltaText.debugDescription)")
            } catch {
                thrown(error, in: "feed")
                break
            }
        }
        if let first = run.error {
            // Sticky: more bytes and the end of the body give the same error.
            do {
                _ = try decoder.feed(Array("\n\n".utf8))
                failures.fail("\(label): a failed decoder accepted more bytes")
            } catch {
                failures.expect((error as? ProviderError) == first, "\(label): a second feed threw a different error")
            }
            do {
                _ = try decoder.finish()
                failures.fail("\(label): a failed decoder finished")
            } catch {
                failures.expect((error as? ProviderError) == first, "\(label): finish threw a different error")
            }
            return run
        }
        do {
            let end = try decoder.finish()
            run.end = end
            failures.expect(Array(end.text.utf8) == Array(run.deltaText.utf8), "\(label): the ending's text is not the deltas' text")
            failures.expect(Array(end.reasoning.utf8) == Array(run.deltaReasoning.utf8),
                            "\(label): the ending's reasoning is not the deltas' reasoning")
            failures.expect(decoder.end == end, "\(label): finish returned another ending than `end`")
            // Bytes after the terminator are ignored.
            do {
                let more = try decoder.feed(Array("\n\n{\"bad\ndata: x\n\n\u{FF}\n".utf8))
                failures.expect(more.isEmpty, "\(label): bytes after the ending gave deltas")
                failures.expect(try decoder.finish() == end, "\(label): the ending changed after more bytes")
            } catch {
                failures.fail("\(label): bytes after the ending threw \(error)")
            }
        } catch {
            thrown(error, in: "finish")
            failures.expect(decoder.end == nil, "\(label): finish threw although `end` is set")
        }
        return run
    }

    // MARK: Terminators, found without the decoders

    /// A whole line (with its LF) that `JSONSerialization` reads as an object whose `done` is true.
    static func ollamaTerminator(_ body: [UInt8], _ cap: Int) -> Bool {
        let lines = ReferenceSSE.splitLines(body, anyNewline: false).lines
        for (index, raw) in lines.enumerated() {
            var line = raw
            if line.last == 0x0D { line.removeLast() }
            if index == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            guard let object = try? JSONSerialization.jsonObject(with: Data(line), options: [.fragmentsAllowed]) as? [String: Any]
            else { continue }
            if object["done"] as? Bool == true { return true }
        }
        return false
    }

    /// An event whose data starts with `[DONE]`.
    static func openAITerminator(_ body: [UInt8], _ cap: Int) -> Bool {
        ReferenceSSE.parse(body, maxLineBytes: cap).events.contains { $0.data.hasPrefix("[DONE]") }
    }

    /// A `message_stop` event (named, or an unnamed event whose JSON `type` says so) with an object as data.
    static func anthropicTerminator(_ body: [UInt8], _ cap: Int) -> Bool {
        ReferenceSSE.parse(body, maxLineBytes: cap).events.contains { event in
            guard event.type == "message_stop" || event.type == "message",
                  let object = try? JSONSerialization.jsonObject(with: Data(event.data.utf8), options: [.fragmentsAllowed])
                    as? [String: Any] else { return false }
            return event.type == "message_stop" || object["type"] as? String == "message_stop"
        }
    }
}
