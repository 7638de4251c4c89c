import Synchronization

extension GenerationRunner {
    func save(_ files: [OutputFile], session: String, generation: String,
              emit: @Sendable (GenerationEvent) -> Void) async throws(ComfyError) -> [SavedOutput] {
        var unique: [OutputFile] = []
        for file in files where !unique.contains(file) { unique.append(file) }
        let finals = unique.filter { $0.type == "output" }
        let chosen = finals.isEmpty ? unique : finals
        guard !chosen.isEmpty else {
            throw ComfyError(.executionFailed, "ComfyUI finished the job but reported no output files", url: client.baseURL)
        }
        var saved: [SavedOutput] = []
        var firstError: ComfyError?
        for file in chosen {
            do {
                let output = try await saver.save(file, session: session, generation: generation,
                                                  index: saved.count + 1, client: client)
                saved.append(output)
                emit(.saved(output))
            } catch {
                if error.kind == .cancelled { throw error }
                firstError = firstError ?? error
                emit(.outputSkipped(file: file, message: error.message))
            }
        }
        if saved.isEmpty, let firstError { throw firstError }
        return saved
    }

    /// Dequeues a prompt, and interrupts it only when it is the one running (see
    /// `ComfyClient.cancel`), from outside the cancelled task, waiting at most `seconds` for
    /// ComfyUI to take it (the requests go on in the background after that).
    func stop(_ promptID: String, seconds: Double = 3) async {
        let client = self.client
        let stopper = Task {
            _ = try? await client.cancel(promptID: promptID)
        }
        await Task {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await stopper.value }
                group.addTask { try? await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000)) }
                await group.next()
                group.cancelAll()
            }
        }.value
    }
}

/// The prompt id a job is currently waiting on, shared between the job's task and its
/// cancellation path. Thread-safe.
final class CurrentPrompt: Sendable {
    private let value = Mutex<String?>(nil)

    var id: String? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
