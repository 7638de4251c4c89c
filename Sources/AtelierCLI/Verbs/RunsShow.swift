import Core
import Engine
import Foundation
import Store

/// `atelier runs show`: one stored run read back from the database and printed with its
/// stages (debate here; chorus and team in the other `RunsShow+` files). Model and stored
/// text goes through the untrusted paths. A plain value for one command, on its task.
struct RunsShow {
    /// What was asked for.
    enum Target {
        /// A run id; a team session when no run has it.
        case any(Int64)
        /// A team session id.
        case team(Int64)
    }

    let store: Store
    let streams: StandardStreams
    let json: Bool
    let threads: Bool

    func run(_ target: Target) async throws {
        switch target {
        case .team(let id):
            try await team(id)
        case .any(let id):
            switch try await store.runKind(id: id) {
            case .debate?: try await debate(id)
            case .chorus?: try await chorus(id)
            case .team?, nil:
                guard try await store.teamSession(id: id) != nil else {
                    throw CLIError("no run \(id) (see `atelier runs list`)", code: .failure)
                }
                try await team(id)
                return
            }
            if !json, try await store.teamSession(id: id) != nil {
                streams.err("(team session \(id) exists too: `atelier runs show team:\(id)`)\n")
            }
        }
    }

    /// One JSON object line: `{"type": T, T: value}`.
    struct Line<Value: Encodable>: Encodable {
        var type: String
        var value: Value

        /// A JSON key made from a string (the event type).
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(type, forKey: Key(stringValue: "type"))
            try container.encode(value, forKey: Key(stringValue: type))
        }
    }

    func emit<Value: Encodable>(_ type: String, _ value: Value) {
        streams.out(JSONLines().line(Line(type: type, value: value)))
    }

    func say(_ text: String) {
        streams.outUntrusted(text + (text.hasSuffix("\n") ? "" : "\n"))
    }

    /// A stored message: its header (speaker, model, status, figures), then its text.
    func message(_ message: StoredMessage) {
        say("\n" + MessageFormatter.messageHeader(message))
        say(message.content)
        if let error = message.error { say("(error: \(error))") }
    }

    // MARK: - Debate

    private func debate(_ id: Int64) async throws {
        guard let detail = try await store.debateRunDetail(id: id) else {
            throw CLIError("no run \(id) (see `atelier runs list`)", code: .failure)
        }
        let synthesis = try await detail.run.synthesisMessageID.asyncMap { try await store.message(id: $0) } ?? nil
        var loaded: [DebateThread] = []
        if threads {
            for entry in detail.entries {
                if let thread = try await store.debateThread(runID: id, modelIndex: entry.position) { loaded.append(thread) }
            }
        }
        if json {
            emit("debate", detail)
            if let synthesis { emit("synthesis", synthesis) }
            for thread in loaded { emit("thread", thread) }
            return
        }
        let run = detail.run
        say("Debate run \(id) · \(run.status.rawValue) · \(MessageFormatter.timestamp(run.createdAt)) · session \(run.sessionID)")
        say("Prompt: " + run.prompt)
        say("Master: \(run.master)")
        if let error = run.error { say("Error: " + error) }
        if let note = run.note { say("Note: " + note) }
        say("Models:")
        for entry in detail.entries {
            say("  " + DebatePrinter.figuresLine(entry) + Self.stages(entry))
        }
        if let synthesis { message(synthesis) }
        let summary = run.summary
        switch summary.status {
        case .complete: say("\n── Run summary · \(summary.model?.description ?? "?")\n" + (summary.text ?? ""))
        case .error: say("\n✗ the run summary failed: \(summary.error ?? "unknown error")")
        case .pending, .running: say("\n(run summary \(summary.status.rawValue))")
        }
        for thread in loaded {
            say("\n━━ [\(thread.entry.label)] \(thread.entry.model) · thread")
            for step in thread.steps {
                if let prompt = step.prompt { say("\n(\(step.stage.rawValue) prompt)"); message(prompt) }
                if let answer = step.answer { say("\n(\(step.stage.rawValue) answer)"); message(answer) }
            }
        }
        if !threads { say("\n(each model's thread: add --threads)") }
    }

    /// `  (initial ✓, debate ✓)` — which stages an entry went through.
    static func stages(_ entry: DebateEntry) -> String {
        var marks: [String] = []
        if entry.initialAnswerMessageID != nil || entry.status != .initial {
            marks.append(entry.errorStage == .initial ? "initial ✗" : "initial ✓")
        }
        if entry.debateAnswerMessageID != nil || entry.errorStage == .debate {
            marks.append(entry.errorStage == .debate ? "debate ✗" : "debate ✓")
        }
        return marks.isEmpty ? "" : "  (" + marks.joined(separator: ", ") + ")"
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
