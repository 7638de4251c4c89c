import Testing
import TestSupport

/// Replays every saved fuzzing input of the `outputname` and `workflow` harnesses (corpus
/// and crashes, `Tests/Fuzz`) through the checks the libFuzzer harnesses run.
@Suite struct FuzzReplayTests {
    @Test(arguments: ["outputname", "workflow"])
    func savedInputsKeepTheInvariants(_ harness: String) async throws {
        let entries = try FuzzCorpus.entries(for: harness)
        #expect(entries.count >= 5, "the \(harness) corpus is nearly empty")
        for (index, entry) in entries.enumerated() {
            if index % 16 == 0 { await Task.yield() }
            let failures = harness == "outputname" ? OutputNameFuzzCheck.run(entry.bytes) : WorkflowFuzzCheck.run(entry.bytes)
            #expect(failures.isEmpty, "\(entry.name): \(failures.messages.joined(separator: " | "))")
        }
    }
}
