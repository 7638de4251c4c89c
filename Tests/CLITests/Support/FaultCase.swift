import Foundation
import TestSupport

/// One network fault for the real `atelier ask` (suite 4): how the fake (or the network)
/// misbehaves, and what a person must get — the exit code, one line on standard error
/// that says what happened (`says`: every fragment must appear), within `within` seconds,
/// and the partial answer kept in the database, marked `error`, never `complete`.
/// A plain value; `run` is called from the test's task.
struct FaultCase: Sendable {
    /// The reply every case streams, one word per piece.
    static let text = "alpha beta gamma delta epsilon zeta eta theta iota kappa"
    static let pieces = FakeBehaviour.split(text)

    /// The first `count` pieces.
    static func partial(_ count: Int) -> String { pieces.prefix(count).joined() }

    /// Short limits so that every deadline is reached in seconds.
    static let timeouts: [String: Double] = ["connect": 1, "first_byte": 2, "stall": 1.5, "request": 60]

    var name: String
    /// The fake's behaviour; nil when `baseURL` names no fake.
    var behaviour: FakeBehaviour?
    /// A base URL instead of a fake (refused, unresolvable, black hole).
    var baseURL: String?
    var exitCode: Int32
    var says: [String]
    var partial: String = ""
    var within: Double = 15
    /// Chat requests the fake must have received (retries included), when it matters.
    var requests: Int?

    /// What one run gave.
    struct Outcome: Sendable {
        var status: Int32
        var stderr: String
        var stdout: String
        var elapsed: Double
        var requests: Int
        var answerStatus: String?
        var answerContent: [UInt8]?
    }

    func run() async throws -> Outcome {
        var server: FakeOpenAIServer?
        if let behaviour {
            let fake = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
            fake.defaultBehaviour = behaviour
            server = fake
        }
        let home = try HardeningHome.make(baseURL: baseURL ?? server?.baseURL ?? "", models: ["m1"], timeouts: Self.timeouts,
                                          apiKeyEnv: "FAKE_API_KEY")
        defer { home.remove() }
        let result = try await AtelierProcess.run(["ask", "go"], home: home.path, environment: Hardening.canaryEnvironment,
                                                  timeout: 120)
        let snapshot = try RawDatabase.snapshot(home.databasePath)
        let answer = snapshot.messages.last { $0.role == "assistant" }
        let requests = server?.script.requests.filter { $0.path.hasSuffix("/chat/completions") }.count ?? 0
        server?.httpServer.stop()
        return Outcome(status: result.status, stderr: result.stderr, stdout: result.stdout, elapsed: result.elapsed,
                       requests: requests, answerStatus: answer?.status, answerContent: answer?.content)
    }

    /// Every way the outcome falls short of the case; empty when it passes.
    func problems(_ outcome: Outcome) -> [String] {
        var found: [String] = []
        if outcome.status != exitCode { found.append("exit \(outcome.status), wanted \(exitCode)") }
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
        if lines.count != 1 { found.append("\(lines.count) lines on stderr") }
        if !outcome.stderr.hasPrefix("atelier ask: ") { found.append("stderr does not start with `atelier ask: `") }
        for fragment in says where !outcome.stderr.contains(fragment) { found.append("stderr lacks \"\(fragment)\"") }
        if outcome.elapsed > within { found.append("took \(outcome.elapsed) s, more than \(within) s") }
        if outcome.answerStatus != "error" { found.append("answer is \(outcome.answerStatus ?? "missing"), wanted error") }
        if outcome.answerContent != Array(partial.utf8) {
            found.append("stored \(outcome.answerContent?.count ?? -1) bytes, wanted the \(partial.utf8.count) bytes sent")
        }
        if outcome.stdout != partial { found.append("stdout is not the partial text") }
        if (outcome.stderr + outcome.stdout).contains(Hardening.canaryKey) { found.append("the canary key leaked") }
        if let requests, outcome.requests != requests { found.append("\(outcome.requests) requests, wanted \(requests)") }
        return found.map { "\(name): \($0) — stderr: \(outcome.stderr.prefix(300))" }
    }
}
