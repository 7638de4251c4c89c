/// The details pane on one card: its status, then its thread (loading, failed, or the
/// messages, following live deltas), scrollable.
enum DetailsView {
    static func draw(_ details: DetailsState, state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        let card = state.board.card(details.cardID)
        let title = card.map { "Details · \($0.title) · \($0.stage)" } ?? "Details"
        let backKey = state.keymap.keys(for: .back).first?.description ?? "Esc"
        Chrome.titleRow(title, right: "\(backKey) closes", rect: rect, theme: theme, focused: false, into: &buffer)
        var body = StudioLayout.body(of: rect)
        guard body.width >= 8, body.height > 0 else { return }
        if let card {
            let status = BoardView.cardLines(card, theme: theme, width: body.width, tick: state.tick)
            for (row, line) in status.prefix(max(0, body.height - 1)).enumerated() {
                line.draw(into: &buffer, x: body.x, y: body.y + row, clip: body)
            }
            body = body.splitTop(min(status.count, max(0, body.height - 1)) + 1).1
        }
        switch details.phase {
        case .loading:
            buffer.write(Spinner.frame(state.tick) + " Loading the thread…", x: body.x, y: body.y, style: theme[.muted], clip: body)
        case .failed(let error):
            Chrome.message("✗ Could not load the thread: " + error, rect: body, style: theme[.error], into: &buffer)
        case .loaded where details.entries.isEmpty:
            buffer.write("No messages in this thread yet.", x: body.x, y: body.y, style: theme[.muted], clip: body)
        case .loaded:
            TranscriptLayout.draw(details.entries, into: &buffer, rect: body, scrollBack: details.scrollBack,
                                  theme: theme, tick: state.tick, memo: details.wrapMemo, paletteIndex: state.paletteIndex(of:))
        }
    }
}
