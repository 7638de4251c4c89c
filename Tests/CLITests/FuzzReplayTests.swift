import Testing
import TestSupport

/// Replays every saved fuzzing input of the `config` harness (corpus and crashes,
/// `Tests/Fuzz`) through the checks the libFuzzer harness runs.
@Suite struct FuzzReplayTests {
    @Test func savedConfigInputsKeepTheInvariants() async throws {
        let entries = try FuzzCorpus.entries(for: "config")
        #expect(entries.count >= 5, "the config corpus is nearly empty")
        for (index, entry) in entries.enumerated() {
            if index % 16 == 0 { await Task.yield() }
            let failures = ConfigFuzzCheck.run(entry.bytes)
            #expect(failures.isEmpty, "\(entry.name): \(failures.messages.joined(separator: " | "))")
        }
    }
}
