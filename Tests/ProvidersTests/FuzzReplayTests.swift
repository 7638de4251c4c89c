import Testing
import TestSupport

/// Replays every saved fuzzing input of the provider harnesses (`Tests/Fuzz/Corpus/<harness>`
/// and every crash ever found, `Tests/Fuzz/Crashes/<harness>`) through the same invariant
/// checks the libFuzzer harnesses run (`FuzzReplay*Checks.swift`).
@Suite struct FuzzReplayTests {
    static func check(_ harness: String, _ bytes: [UInt8]) -> FuzzFailures {
        switch harness {
        case "sse": SSEFuzzCheck.run(bytes)
        case "ndjson": NDJSONFuzzCheck.run(bytes)
        case "ollama": DecoderFuzzCheck.ollama(bytes)
        case "openai": DecoderFuzzCheck.openAI(bytes)
        case "anthropic": DecoderFuzzCheck.anthropic(bytes)
        default: RetryAfterFuzzCheck.run(bytes)
        }
    }

    @Test(arguments: ["sse", "ndjson", "ollama", "openai", "anthropic", "retryafter"])
    func savedInputsKeepTheInvariants(_ harness: String) async throws {
        let entries = try FuzzCorpus.entries(for: harness)
        #expect(entries.count >= 5, "the \(harness) corpus is nearly empty")
        for (index, entry) in entries.enumerated() {
            if index % 16 == 0 { await Task.yield() }
            let failures = Self.check(harness, entry.bytes)
            #expect(failures.isEmpty, "\(entry.name): \(failures.messages.joined(separator: " | "))")
        }
    }
}
