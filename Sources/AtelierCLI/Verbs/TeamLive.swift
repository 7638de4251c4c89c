import Core
import Engine
import Foundation

/// One live `atelier team` run: starts or continues the session, pumps standard input into
/// it (each line an interjection or the awaited reply), prints every event, and decides the
/// exit: `ready` (0), waiting for the person with standard input closed (1, with the command
/// that continues), failed, or interrupted (130).
///
/// The event loop runs on the verb's task and alone prints; the pump runs in its own task
/// (standard input is read on `StdinLines`' thread); SIGINT cancels a running session
/// (partial text kept) or closes a waiting one. The session is settled (its last state
/// stored) before the verb returns. Not Sendable: made and run on the verb's task.
final class TeamLive {
    /// How the run begins.
    enum Kickoff {
        /// A new session with this request.
        case start(String)
        /// A stored session, with the person's answer or change request (may be empty).
        case continuing(String)
    }

    let session: TeamSession
    let printer: TeamPrinter
    let context: CLIContext
    let gate = TeamInputGate()

    init(session: TeamSession, printer: TeamPrinter, context: CLIContext) {
        self.session = session
        self.printer = printer
        self.context = context
    }

    func run(_ kickoff: Kickoff) async throws -> ExitCode {
        printer.begin(await session.currentRecord)
        guard try await kick(kickoff) else {
            // A ready session and nothing asked: show its spec and stop.
            await session.close()
            return try await outcome()
        }
        let pump = startPump()
        let session = self.session
        let gate = self.gate
        let trap = SignalTrap { _ in
            Task {
                await gate.markInterrupted()
                if await session.currentRecord.status == .running {
                    await session.cancel()
                } else {
                    await session.close()
                }
            }
        }
        defer {
            trap.cancel()
            pump.cancel()
        }
        for await event in session.events {
            printer.show(event)
            switch event {
            case .ready, .failed:
                await finishIfSettled()
            case .clarifyingQuestions, .needsUserChoice:
                if !(await gate.stdinEnded) { printer.askForReply() }
            default:
                break
            }
        }
        await session.settle()
        return try await outcome()
    }

    /// Sends the first message; false when there is nothing to do (a ready session, no text).
    private func kick(_ kickoff: Kickoff) async throws -> Bool {
        switch kickoff {
        case .start(let text):
            try await session.start(text)
            return true
        case .continuing(let text):
            let record = await session.currentRecord
            let pending = await session.pendingMessages
            switch record.status {
            case .cancelled:
                throw CLIError("team session \(session.sessionID) was cancelled; start a new one with `atelier team PROMPT`")
            case .idle:
                guard !text.isEmpty else {
                    throw CLIError.usage("team session \(session.sessionID) has no request yet: give one", verb: "team")
                }
                try await session.start(text)
            case .failed, .interrupted, .running:
                try await session.resume()
                if !text.isEmpty { try await session.interject(text) }
            case .awaitingClarification, .awaitingChoice, .ready:
                if !pending.isEmpty { try await session.resume() }
                if !text.isEmpty {
                    try await session.reply(text)
                } else if pending.isEmpty {
                    if record.status == .ready { return false }
                    if let asked = await session.transcript.last(where: { $0.role != .user }) { printer.recap(asked) }
                    printer.askForReply()
                }
            }
            return true
        }
    }

    /// Standard input, line by line, into the session; at its end, a session waiting for the
    /// person is closed (nobody can answer any more).
    private func startPump() -> Task<Void, Never> {
        let lines = StdinLines.start()
        let session = self.session
        let gate = self.gate
        let streams = context.streams
        return Task {
            for await line in lines {
                guard await gate.begin() else { break }
                if !line.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    do {
                        _ = try await session.interject(line)
                    } catch TeamSessionError.closed, TeamSessionError.cancelled {
                        // The session ended while the line was typed: nothing to send it to.
                    } catch {
                        streams.err("atelier team: your message was not sent: \(error)\n")
                    }
                }
                await gate.end()
            }
            await gate.markStdinEnded()
            await session.settle()
            if await session.currentRecord.status.isWaitingForUser { await session.close() }
        }
    }

    /// At `ready` or `failed`: once no typed line is in flight and the flow has stored its
    /// last step, the session is closed so the event loop drains and ends. A line that
    /// raced in and started a change keeps the loop going to the next stop.
    private func finishIfSettled() async {
        await gate.closeAndDrain()
        let status = await session.currentRecord.status
        guard status == .ready || status == .failed else { return }
        await session.settle()
        await session.close()
    }

    private func outcome() async throws -> ExitCode {
        let record = await session.currentRecord
        let spec = await session.specVersions.last { $0.version == record.currentSpecVersion }
        let interrupted = await gate.interrupted
        printer.end(record, spec: spec, interrupted: interrupted)
        if interrupted { return .interrupted }
        switch record.status {
        case .ready:
            return .success
        case .cancelled:
            return .interrupted
        case .failed:
            throw CLIError("the team session stopped: \(record.error ?? "unknown error")", code: printer.failureCode)
        case .awaitingClarification, .awaitingChoice, .idle, .running, .interrupted:
            return .failure
        }
    }
}
