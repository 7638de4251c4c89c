import Testing
import TestSupport

/// Replays every saved fuzzing input of the `sanitizer` and `width` harnesses (corpus and
/// crashes, `Tests/Fuzz`) through the checks the libFuzzer harnesses run.
@Suite struct FuzzReplayTests {
    @Test(arguments: ["sanitizer", "width"])
    func savedInputsKeepTheInvariants(_ harness: String) async throws {
        let entries = try FuzzCorpus.entries(for: harness)
        #expect(entries.count >= 5, "the \(harness) corpus is nearly empty")
        for (index, entry) in entries.enumerated() {
            if index % 16 == 0 { await Task.yield() }
            let failures = harness == "sanitizer" ? SanitizerFuzzCheck.run(entry.bytes) : WidthFuzzCheck.run(entry.bytes)
            #expect(failures.isEmpty, "\(entry.name): \(failures.messages.joined(separator: " | "))")
        }
    }
}
