import Core
import Foundation
import Store
import TestSupport
import Testing

/// Suite 1: crash safety of the real binary: SIGKILL at random moments while `atelier ask`
/// streams into its database (see `KillTrial` for the "reported committed" rule). The
/// migration kills are in `HardeningMigrationKillTests`, the other signals and concurrent
/// writers in `HardeningSignalTests`. `make test` runs 20 kills; `make crash-test`
/// (ATELIER_HARDENING_FULL=1) 200.
@Suite struct HardeningCrashTests {
    static let tokens = 150
    static let rate = 60.0
    static let expected = Array(FakeBehaviour.Reply.generatedText(tokens: tokens).utf8)

    /// One lane: its own home and fake, trials in sequence on one growing database.
    struct LaneFigures: Sendable {
        var trials = 0
        var killed = 0
        var completed = 0
        var killedBeforeSession = 0
        var killedStreaming = 0
        var storedBytes = 0
        var lostBytes = 0
        var maxUncommittedAge = 0.0
        var problems: [String] = []
    }

    static func lane(_ lane: Int, trials: Int) async throws -> LaneFigures {
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = .generated(tokens: tokens).paced(tokensPerSecond: rate)
        let home = try HardeningHome.make(server, apiKeyEnv: "FAKE_API_KEY")
        defer { home.remove() }
        var figures = LaneFigures()
        /// Session title → (content, status) once settled, to check later trials never change it.
        var settled: [String: ([UInt8], String)] = [:]
        var pendingInterrupted: String?
        let streamSeconds = Double(tokens) / rate
        for index in 0..<trials {
            let prompt = "trial \(lane)-\(index)"
            let killAfter = Double.random(in: 0.02...(streamSeconds + 0.4))
            let trial = try await KillTrial.run(prompt: prompt, killAfter: killAfter, home: home.path)
            figures.trials += 1
            if (trial.stdout + trial.stderr).contains(Hardening.canaryKey) { figures.problems.append("\(prompt): the canary key leaked") }
            guard FileManager.default.fileExists(atPath: home.databasePath) else {
                figures.killedBeforeSession += 1
                figures.killed += 1
                continue
            }
            let snapshot = try RawDatabase.snapshot(home.databasePath)
            if snapshot.integrity != ["ok"] { figures.problems.append("\(prompt): integrity \(snapshot.integrity)") }
            // The previous killed answer was turned `interrupted` by this trial's start (once
            // this trial got as far as creating its session, the store had been opened).
            if let previous = pendingInterrupted, !snapshot.sessions(titled: prompt).isEmpty {
                for id in snapshot.sessions(titled: previous) {
                    for message in snapshot.messages(inSession: id) where message.role == "assistant" && message.status != "interrupted" {
                        figures.problems.append("\(previous): left \(message.status) after the next start")
                    }
                }
                pendingInterrupted = nil
            }
            // Nothing settled before changed.
            for (title, (content, status)) in settled {
                let ids = snapshot.sessions(titled: title)
                let answers = ids.flatMap { snapshot.messages(inSession: $0) }.filter { $0.role == "assistant" }
                if ids.count != 1 || answers.count != 1 || answers[0].content != content
                    || (answers[0].status != status && !(status == "streaming" && answers[0].status == "interrupted")) {
                    figures.problems.append("\(title) changed after a later trial")
                }
            }
            let ids = snapshot.sessions(titled: prompt)
            if ids.count > 1 { figures.problems.append("\(prompt): \(ids.count) sessions") }
            guard let id = ids.first else {
                if trial.signalled { figures.killedBeforeSession += 1; figures.killed += 1 } else {
                    figures.problems.append("\(prompt): exited \(trial.exitStatus) without a session: \(trial.stderr)")
                }
                continue
            }
            let messages = snapshot.messages(inSession: id)
            let users = messages.filter { $0.role == "user" }
            let answers = messages.filter { $0.role == "assistant" }
            if users.count != 1 || users.first?.content != Array(prompt.utf8) { figures.problems.append("\(prompt): user message wrong") }
            if answers.count > 1 { figures.problems.append("\(prompt): \(answers.count) answers") }
            let answer = answers.first
            let content = answer?.content ?? []
            if !Self.expected.starts(with: content) { figures.problems.append("\(prompt): stored text is not a prefix of the reply") }
            figures.storedBytes += content.count
            if trial.signalled {
                figures.killed += 1
                let owed = trial.reportedCommittedBytes
                figures.maxUncommittedAge = max(figures.maxUncommittedAge, trial.uncommittedAge(stored: content.count))
                if content.count < owed {
                    figures.lostBytes += owed - content.count
                    figures.problems.append("\(prompt): \(content.count) bytes stored, \(owed) reported committed")
                }
                if let answer {
                    figures.killedStreaming += 1
                    if answer.status != "streaming" && answer.status != "complete" {
                        figures.problems.append("\(prompt): killed answer is \(answer.status)")
                    }
                    if answer.status == "streaming" { pendingInterrupted = prompt }
                }
            } else {
                figures.completed += 1
                if trial.exitStatus != 0 || answer?.status != "complete" || content != Self.expected {
                    figures.problems.append("\(prompt): finished with \(trial.exitStatus), \(answer?.status ?? "no answer"): \(trial.stderr)")
                }
            }
            if let answer { settled[prompt] = (content, answer.status) }
        }
        // The last start: any answer left streaming becomes interrupted.
        let list = try await AtelierProcess.run(["sessions", "list", "--limit", "1000"], home: home.path)
        if list.status != 0 { figures.problems.append("sessions list after the trials: \(list.status) \(list.stderr)") }
        if FileManager.default.fileExists(atPath: home.databasePath) {
            let final = try RawDatabase.snapshot(home.databasePath)
            if final.integrity != ["ok"] { figures.problems.append("final integrity \(final.integrity)") }
            for message in final.messages where message.status == "streaming" {
                figures.problems.append("message \(message.id) still streaming after a clean start")
            }
            for (title, (content, _)) in settled {
                let answers = final.sessions(titled: title).flatMap { final.messages(inSession: $0) }.filter { $0.role == "assistant" }
                if answers.map(\.content) != [content] { figures.problems.append("\(title): final content differs") }
            }
        }
        return figures
    }

    @Test func sigkillAtRandomMomentsWhileStreaming() async throws {
        let lanes = 4
        let perLane = Hardening.trials(fast: 5, full: 50)
        let results = try await withThrowingTaskGroup(of: LaneFigures.self) { group in
            for lane in 0..<lanes {
                group.addTask { try await Self.lane(lane, trials: perLane) }
            }
            var all: [LaneFigures] = []
            for try await figures in group { all.append(figures) }
            return all
        }
        let problems = results.flatMap(\.problems)
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        let sum = { (key: KeyPath<LaneFigures, Int>) in results.reduce(0) { $0 + $1[keyPath: key] } }
        #expect(sum(\.trials) == lanes * perLane)
        Hardening.report("crash/sigkill", [
            ("trials", sum(\.trials)), ("killed", sum(\.killed)), ("killed_mid_stream", sum(\.killedStreaming)),
            ("killed_before_session", sum(\.killedBeforeSession)), ("finished_before_kill", sum(\.completed)),
            ("stored_bytes", sum(\.storedBytes)), ("bytes_lost", sum(\.lostBytes)),
            ("max_uncommitted_age_ms", Int((results.map(\.maxUncommittedAge).max() ?? 0) * 1000)),
        ])
    }
}
