import Core
import Engine
import Foundation
import Store

/// `atelier runs show` for a team session: status, request, models, the phase log (its
/// stages), every spec version with its review, the transcript, and the current spec.
extension RunsShow {
    /// The `--json` shape of a team session's state (its messages follow, one per line).
    struct TeamHead: Encodable {
        var session: Session
        var record: TeamSessionRecord
        var phases: [TeamPhaseEntry]
        var specs: [TeamSpecVersion]
        var pendingMessageIds: [Int64]
    }

    func team(_ id: Int64) async throws {
        let snapshot: TeamSessionSnapshot
        do {
            snapshot = try await TeamSessionLoader.load(store: store, sessionID: id)
        } catch TeamSessionError.notFound {
            throw CLIError("no team session \(id) (see `atelier runs list`)", code: .failure)
        }
        if json {
            emit("team", TeamHead(session: snapshot.session, record: snapshot.record, phases: snapshot.phases,
                                  specs: snapshot.specs, pendingMessageIds: snapshot.pendingMessages.map(\.id)))
            for message in snapshot.messages { emit("message", message) }
            return
        }
        let record = snapshot.record
        var head = "Team session \(id) · \(record.status.rawValue) · phase \(record.phase.rawValue)"
        if record.round > 0 { head += " (round \(record.round))" }
        say(head + " · \(MessageFormatter.timestamp(record.createdAt))")
        say("Request: " + record.request)
        say("Models: " + TeamTranscriptWriter.models(record.models))
        if let error = record.error { say("Error: " + error) }
        if !snapshot.phases.isEmpty {
            say("Stages: " + snapshot.phases.map(Self.stage).joined(separator: " → "))
        }
        for spec in snapshot.specs {
            var line = "Spec v\(spec.version) (\(spec.source.rawValue), \(spec.review.rawValue)): "
                + TeamTranscriptWriter.brief(spec.spec)
            if let note = spec.reviewNote { line += " — " + MessageFormatter.oneLine(note, limit: 200) }
            say(line)
        }
        if !record.options.isEmpty {
            say("Options waiting for a choice: " + record.options.map { "\($0.label) (\($0.role.name))" }.joined(separator: ", "))
        }
        for message in snapshot.messages { self.message(message) }
        if let current = snapshot.currentSpec {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let text = (try? encoder.encode(current.spec)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
            say("\nSpec v\(current.version) (\(current.review.rawValue)):")
            say(text)
        }
        if record.status.isWaitingForUser || record.status == .failed || record.status == .interrupted {
            say("\nContinue with: atelier team --continue \(id)" + (record.status.isWaitingForUser ? " \"your answer\"" : ""))
        }
    }

    /// `refinement 2`, `synthesis`.
    static func stage(_ entry: TeamPhaseEntry) -> String {
        let numbered = (entry.phase == .refinement || entry.phase == .adjustment) && entry.round > 0
        return entry.phase.rawValue + (numbered ? " \(entry.round)" : "")
    }
}
