import Core
import Engine
import Foundation

/// Prints a team session's events as they arrive: the speaker-labelled transcript (a header
/// line when a speaker starts, the text as it streams, phases, notes and spec milestones
/// inline) or one `--json` object per event. Hints for the person go to standard error.
///
/// Remembers the kind of the last provider failure, so a failed session exits with the
/// code of what went wrong. Not Sendable: `TeamLive`'s event loop owns it.
final class TeamPrinter {
    let streams: StandardStreams
    let json: Bool
    let sessionID: Int64
    private let transcript: TeamTranscriptWriter
    private var lastFailure: ProviderError.Kind?

    init(streams: StandardStreams, json: Bool, sessionID: Int64) {
        self.streams = streams
        self.json = json
        self.sessionID = sessionID
        self.transcript = TeamTranscriptWriter(writer: TranscriptWriter(streams: streams))
    }

    /// The exit code of the last provider failure seen, else `failure`.
    var failureCode: ExitCode {
        lastFailure.map { CLIErrorMapper.code(for: $0) } ?? .failure
    }

    /// The session's header: its id and who speaks with which model.
    func begin(_ record: TeamSessionRecord) {
        if json {
            var line = TeamEventLine("session", sessionID: sessionID)
            line.status = record.status.rawValue
            line.phase = record.phase.rawValue
            line.models = Dictionary(uniqueKeysWithValues: record.models.map { ($0.key.rawValue, $0.value.description) })
            streams.out(JSONLines().line(line))
            return
        }
        transcript.header(record)
    }

    func show(_ event: TeamEvent) {
        if case .turn(_, .failed(_, let error)) = event, error.kind != .cancelled { lastFailure = error.kind }
        if json {
            streams.out(JSONLines().line(TeamEventLine.make(event, sessionID: sessionID)))
        } else {
            transcript.show(event)
        }
    }

    /// A stored message shown again when a waiting session is continued without an answer.
    func recap(_ message: StoredMessage) {
        guard !json else { return }
        transcript.message(message)
    }

    /// Tells the person (on standard error) that the next line they type is the answer;
    /// only when standard input is a terminal (a script that pipes its answers needs no hint).
    func askForReply() {
        guard isatty(0) == 1 else { return }
        streams.err("atelier team: the team waits for your answer: type it and press Enter "
                    + "(Ctrl-D to stop here and continue later).\n")
    }

    /// The last word: the spec at `ready`, how to continue a waiting session, or the `end`
    /// JSON line.
    func end(_ record: TeamSessionRecord, spec: TeamSpecVersion?, interrupted: Bool) {
        let resume = "atelier team --continue \(sessionID)"
        var continueWith: String?
        switch record.status {
        case .awaitingClarification: continueWith = resume + " \"your answer\""
        case .awaitingChoice: continueWith = resume + " \"A\"  (or your own direction)"
        case .ready: continueWith = resume + " \"a change, e.g. make the neon brighter\""
        case .failed, .interrupted: continueWith = resume
        case .idle, .running, .cancelled: continueWith = nil
        }
        if json {
            var line = TeamEventLine("end", sessionID: sessionID)
            line.status = record.status.rawValue
            line.phase = record.phase.rawValue
            line.spec = spec
            line.interrupted = interrupted
            line.continueCommand = continueWith
            streams.out(JSONLines().line(line))
        } else if record.status == .ready, let spec {
            transcript.finalSpec(spec)
            streams.out("Session \(sessionID). To change it: \(continueWith ?? resume)\n")
        }
        if record.status.isWaitingForUser || (interrupted && continueWith != nil && record.status != .ready) {
            let why = record.status.isWaitingForUser ? "the team is waiting for your answer" : "the session stopped"
            streams.err("atelier team: \(why) (session \(sessionID)). Continue with: \(continueWith ?? resume)\n")
        }
    }
}
