import Core
@testable import Providers

/// The UTF-8 bytes of a string literal.
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// `data` cut at the given (sorted, in-range) indices.
func split(_ data: [UInt8], at indices: [Int]) -> [[UInt8]] {
    var pieces: [[UInt8]] = []
    var start = 0
    for index in indices {
        pieces.append(Array(data[start..<index]))
        start = index
    }
    pieces.append(Array(data[start...]))
    return pieces
}

/// Every SSE event of a stream fed in the given pieces, finish included.
func sseEvents(_ pieces: [[UInt8]], maxLineBytes: Int = LineSplitter.defaultMaxLineBytes) throws -> [SSEEvent] {
    var parser = SSEParser(maxLineBytes: maxLineBytes)
    var events: [SSEEvent] = []
    for piece in pieces { events += try parser.feed(piece) }
    events += try parser.finish()
    return events
}

func sseEvents(_ text: String) throws -> [SSEEvent] {
    try sseEvents([bytes(text)])
}

/// Every NDJSON line of a stream fed in the given pieces, finish included.
func ndjsonLines(_ pieces: [[UInt8]]) throws -> [String] {
    var parser = NDJSONParser()
    var lines: [String] = []
    for piece in pieces { lines += try parser.feed(piece) }
    lines += try parser.finish()
    return lines
}

/// What a decoder made of a whole body: its deltas, then its ending or its error.
struct Decoded: Equatable {
    var deltas: [ChatDelta] = []
    var end: ChatStreamEnd?
    var error: ProviderError?

    var text: String {
        deltas.compactMap { if case .text(let piece) = $0 { piece } else { nil } }.joined()
    }

    var reasoning: String {
        deltas.compactMap { if case .reasoning(let piece) = $0 { piece } else { nil } }.joined()
    }
}

func decode<Decoder: ChatStreamDecoder>(_ decoder: Decoder, _ pieces: [[UInt8]]) -> Decoded {
    var decoder = decoder
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

func decode<Decoder: ChatStreamDecoder>(_ decoder: Decoder, _ text: String) -> Decoded {
    decode(decoder, [bytes(text)])
}

/// Deltas merged so two chunkings that cut text differently compare equal.
func merged(_ deltas: [ChatDelta]) -> [ChatDelta] {
    var result: [ChatDelta] = []
    for delta in deltas {
        switch (result.last, delta) {
        case (.text(let a)?, .text(let b)): result[result.count - 1] = .text(a + b)
        case (.reasoning(let a)?, .reasoning(let b)): result[result.count - 1] = .reasoning(a + b)
        default: result.append(delta)
        }
    }
    return result
}
