import AtelierCLI
import Engine
import UI

/// The end-to-end rows' last stage as the studio runs it: each `TurnEvent` becomes UI events
/// (`StudioEventMapping`, as `EngineBridge` maps them), folded into an `AppState` by the pure
/// `update`, and a frame is rendered into a cell buffer at most every `frameInterval` (the
/// studio's ~60 frames a second) and once at the end, so the rows cover libcurl → decoder →
/// engine → store → UI state → render. Written only by the one task running the turn; read
/// after the turn has returned.
final class StudioStage: EventStage, @unchecked Sendable {
    static let frameInterval = Duration.milliseconds(16)

    private(set) var pieces = 0
    private(set) var bytes = 0
    private(set) var frames = 0
    private(set) var firstText: ContinuousClock.Instant?
    private var state = AppState(size: Size(width: 100, height: 30))
    private var lastFrame = ContinuousClock.now
    private var dirty = false

    func receive(_ event: TurnEvent) {
        if case .text(_, let piece) = event {
            if firstText == nil { firstText = .now }
            pieces += 1
            bytes += piece.utf8.count
        }
        for ui in StudioEventMapping.uiEvents(event, card: nil) {
            _ = update(&state, .event(ui))
            dirty = true
        }
        let now = ContinuousClock.now
        if dirty && now - lastFrame >= Self.frameInterval { draw(at: now) }
    }

    /// Draws the last frame if anything changed since the one before.
    func finish() {
        if dirty { draw(at: .now) }
    }

    /// The screen's text, for checking that the reply's end is shown.
    func screenText() -> String {
        render(state, state.size).lines().joined(separator: "\n")
    }

    private func draw(at now: ContinuousClock.Instant) {
        _ = render(state, state.size)
        frames += 1
        lastFrame = now
        dirty = false
    }
}
