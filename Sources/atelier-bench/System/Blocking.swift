import Foundation

/// Runs blocking work (waiting for a child process, reading its pipe) on a thread of its
/// own, so no thread of Swift's cooperative pool is held. Any task may call it.
enum Blocking {
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                do {
                    continuation.resume(returning: try work())
                } catch {
                    continuation.resume(throwing: error)
                }
            }
            thread.name = "bench-blocking"
            thread.start()
        }
    }
}

/// A failure of the benchmark itself (a child that would not start, a wrong answer), with
/// a message for the report.
struct BenchError: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
