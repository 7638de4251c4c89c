import Foundation
import UI

/// The studio's runtime (bubbletea's program loop): one thread of its own that alone talks to the
/// terminal, merging keys, resizes, a frame tick and messages from outside, running `update`, and
/// drawing the changed cells of `render` at most about 60 times a second — and at once after a
/// key. It never blocks on anything but a short input wait, and holds no thread of the
/// cooperative pool (the caller awaits the loop's end), so engine work cannot delay a key.
///
/// Wiring: engine events and effect answers go into `messages`; each `Effect` goes, in order, to
/// `handleEffect` on a separate task (start long work there and return, or send the answer back
/// through the messages stream). On quit the loop waits (up to `quitTimeout`) for the effects
/// queued so far — the `.quit` effect is where the app commits partial messages — and then gives
/// the terminal back. Call from one task; the backend must not be used by anything else meanwhile.
public enum Studio {
    /// Runs until quit (a key, `/quit`, `AppMessage.terminate`, or the terminal hanging up) and
    /// returns the final state. Throws only when the terminal cannot be opened.
    public static func run(initialState: AppState,
                           messages: AsyncStream<AppMessage>,
                           handleEffect: @escaping @Sendable (Effect) async -> Void,
                           terminal: any TerminalBackend,
                           options: StudioOptions = StudioOptions()) async throws(StudioError) -> AppState {
        let info: TerminalInfo
        do {
            info = try terminal.start()
        } catch {
            CrashLog.append("studio: \(error.message)", to: options.logPath)
            throw .terminalUnavailable(error)
        }
        defer { terminal.stop() }
        let mailbox = Mailbox()
        let pump = Task {
            for await message in messages { mailbox.post(message) }
        }
        let (effects, effectSink) = AsyncStream<Effect>.makeStream()
        let runner = Task {
            for await effect in effects { await handleEffect(effect) }
        }
        let loop = StudioLoop(state: initialState, info: info, options: options, effects: effectSink)
        let finalState = await LoopThread.run(loop, terminal: terminal, mailbox: mailbox)
        pump.cancel()
        effectSink.finish()
        await waitForEffects(runner, timeout: options.quitTimeout)
        runner.cancel()
        return finalState
    }

    /// The same, for a caller that has only engine events (no effect answers to send back).
    public static func run(initialState: AppState,
                           events: AsyncStream<UIEvent>,
                           handleEffect: @escaping @Sendable (Effect) async -> Void,
                           terminal: any TerminalBackend,
                           options: StudioOptions = StudioOptions()) async throws(StudioError) -> AppState {
        let (messages, sink) = AsyncStream<AppMessage>.makeStream()
        let forward = Task {
            for await event in events { sink.yield(.event(event)) }
            sink.finish()
        }
        defer { forward.cancel() }
        return try await run(initialState: initialState, messages: messages, handleEffect: handleEffect,
                             terminal: terminal, options: options)
    }

    /// Waits for the effect runner to finish, at most `timeout` (then it is cancelled).
    static func waitForEffects(_ runner: Task<Void, Never>, timeout: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await runner.value }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
    }
}
