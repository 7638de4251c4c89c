import TestSupport

/// What the fake OpenAI-compatible server in the child process streams for every chat
/// request: how many generated tokens, how fast, how the events are cut into writes, and
/// which model names it knows. Travels to the child as command-line words
/// (`tokens=20000 rate=0 chunking=event models=m1,m2`). A plain value.
struct FakeServerSpec: Sendable, Equatable {
    /// How events are cut into socket writes (each write is one HTTP chunk).
    enum Chunking: Sendable, Equatable {
        /// One write per event, as llama.cpp's server does: the costliest case for a client.
        case perEvent
        /// `n` events per write, as a busy server's coalesced TCP segments arrive.
        case batched(Int)
    }

    var tokens: Int
    /// Tokens per second; 0 or less: as fast as the socket takes them.
    var rate: Double = 0
    var chunking: Chunking = .perEvent
    var models: [String] = ["m1"]
    /// A word the reply ends with (its last token), so a screen can tell the last token from
    /// the generated vocabulary's repeats; nil: the generated reply alone.
    var finalWord: String?

    /// The words the child parses back with `init(words:)`.
    var words: [String] {
        let chunk: String
        switch chunking {
        case .perEvent: chunk = "event"
        case .batched(let count): chunk = "batched\(count)"
        }
        return ["tokens=\(tokens)", "rate=\(rate)", "chunking=\(chunk)", "models=\(models.joined(separator: ","))"]
            + (finalWord.map { ["final=\($0)"] } ?? [])
    }

    init(tokens: Int, rate: Double = 0, chunking: Chunking = .perEvent, models: [String] = ["m1"], finalWord: String? = nil) {
        self.tokens = tokens
        self.finalWord = finalWord
        self.rate = rate
        self.chunking = chunking
        self.models = models
    }

    /// Parses `words`; throws for anything it does not know.
    init(words: [String]) throws {
        self.init(tokens: 0)
        for word in words {
            let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw BenchError("fake server: bad argument \(word)") }
            switch parts[0] {
            case "tokens": tokens = Int(parts[1]) ?? 0
            case "rate": rate = Double(parts[1]) ?? 0
            case "models": models = parts[1].split(separator: ",").map(String.init)
            case "final": finalWord = parts[1]
            case "chunking":
                if parts[1] == "event" {
                    chunking = .perEvent
                } else if parts[1].hasPrefix("batched"), let count = Int(parts[1].dropFirst(7)), count > 0 {
                    chunking = .batched(count)
                } else {
                    throw BenchError("fake server: bad chunking \(parts[1])")
                }
            default: throw BenchError("fake server: unknown argument \(word)")
            }
        }
    }

    /// The behaviour the fake server answers every chat request with.
    var behaviour: FakeBehaviour {
        var behaviour = FakeBehaviour.generated(tokens: tokens)
        if let finalWord, tokens > 1 {
            // The generated reply with its last token replaced by the word, cut into `tokens` pieces.
            let text = FakeBehaviour.Reply.generatedText(tokens: tokens - 1) + " " + finalWord
            behaviour = FakeBehaviour.reply(text, tokens: tokens)
        }
        if rate > 0 { behaviour = behaviour.paced(tokensPerSecond: rate) }
        if case .batched(let count) = chunking { behaviour = behaviour.split(.batched(events: count)) }
        return behaviour
    }

    /// How the table names the chunking.
    var chunkingText: String {
        switch chunking {
        case .perEvent: return "one HTTP chunk per event"
        case .batched(let count): return "\(count) events per HTTP chunk"
        }
    }
}
