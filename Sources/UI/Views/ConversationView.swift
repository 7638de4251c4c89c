/// The conversation pane: speakers in their colours, text wrapped by cells and graphemes,
/// streaming text as it arrives, phase changes and errors inline; scrolled back or following.
enum ConversationView {
    static func draw(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        let scrolled = state.conversation.scrollBack > 0
        let title = state.currentSession.map { "Conversation · " + $0.title } ?? "Conversation"
        let latestKey = state.keymap.keys(for: .scrollToLatest).first?.description ?? "PgDn"
        Chrome.titleRow(title, right: scrolled ? "↑ scrolled · \(latestKey) latest" : nil, rect: rect, theme: theme,
                        focused: false, into: &buffer)
        let body = StudioLayout.body(of: rect)
        guard !state.conversation.entries.isEmpty else {
            let welcome = "Type a creative request and press Enter: the team (Luna, Frame, Saga, Pixel and Lens) "
                + "talks it through here, and you can interject at any moment. /help lists commands; F1 shows the keys."
            Chrome.message(welcome, rect: body, style: theme[.muted], into: &buffer)
            return
        }
        TranscriptLayout.draw(state.conversation.entries, into: &buffer, rect: body, scrollBack: state.conversation.scrollBack,
                              theme: theme, tick: state.tick, memo: state.conversation.wrapMemo,
                              paletteIndex: state.paletteIndex(of:))
    }
}
