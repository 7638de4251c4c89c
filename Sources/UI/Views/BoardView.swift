/// The status board: the team's specialists and phase, one card per model or artist per stage
/// (spinner, check, error badge), and the run summary as the last card.
enum BoardView {
    static func draw(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        let focused = state.view == .studio && state.focus == .board
        Chrome.titleRow("Board", right: focused ? "Enter opens" : nil, rect: rect, theme: theme, focused: focused, into: &buffer)
        let body = StudioLayout.body(of: rect)
        guard body.width >= 8, body.height > 0 else { return }
        var lines: [StyledLine] = []
        var selected: Range<Int>?
        let board = state.board
        if board.showsTeam || (board.cards.isEmpty && board.summary == .none) {
            lines += teamLines(state, theme: theme, width: body.width)
        }
        for section in board.sections {
            if !lines.isEmpty { lines.append(.blank) }
            if section.isFirstOfGroup { lines.append(StyledLine(Chrome.truncate(section.group, body.width), theme[.heading])) }
            lines.append(StyledLine(" " + Chrome.truncate(section.stage, body.width - 1), theme[.muted].adding(.bold)))
            for card in section.cards {
                let start = lines.count
                lines += cardLines(card, theme: theme, width: body.width, tick: state.tick)
                if focused && card.id == board.selectedCardID { selected = start..<lines.count }
            }
        }
        lines += summaryLines(board.summary, theme: theme, width: body.width, tick: state.tick, separate: !lines.isEmpty)
        var first = 0
        if let selected, selected.upperBound > body.height { first = min(selected.lowerBound, selected.upperBound - body.height) }
        for (row, line) in lines.dropFirst(first).prefix(body.height).enumerated() {
            line.draw(into: &buffer, x: body.x, y: body.y + row, clip: body)
            if let selected, selected.contains(row + first) {
                buffer.restyle(body.row(row), with: theme[.selection])
            }
        }
    }

    static func teamLines(_ state: AppState, theme: Theme, width: Int) -> [StyledLine] {
        let phase = state.status.phase == .idle ? "ready" : state.status.phase.rawValue
        var lines = [StyledLine([("Team", theme[.heading]), (" · " + phase, theme[.phase])]).fitted(to: width)]
        let models = state.settings.data?.assignments ?? []
        for specialist in Specialist.allCases {
            let activity = state.board.specialists[specialist] ?? .waiting
            let (mark, markStyle, note): (String, Style, String) = switch activity {
            case .waiting: ("·", theme[.muted], specialist.role)
            case .speaking: (Spinner.frame(state.tick), theme[.running], "speaking")
            case .done: ("✓", theme[.success], specialist.role)
            case .failed(let reason): ("✗", theme[.error], reason)
            }
            let model = models.first { $0.role.lowercased() == specialist.rawValue }?.model
            let noteText = model.map { note + " · " + $0 } ?? note
            let noteStyle = (activity == .waiting || activity == .done || activity == .speaking) ? theme[.muted] : theme[.error]
            lines.append(StyledLine([(" " + mark + " ", markStyle),
                                     (Chrome.pad(specialist.displayName, 6), theme.style(for: .specialist(specialist), paletteIndex: 0)),
                                     (" " + Chrome.truncate(noteText, max(0, width - 10)), noteStyle)]))
        }
        return lines
    }

    static func cardLines(_ card: Card, theme: Theme, width: Int, tick: Int) -> [StyledLine] {
        let (mark, style): (String, Style) = switch card.status {
        case .running: (Spinner.frame(tick), theme[.running])
        case .done: ("✓", theme[.success])
        case .error: ("✗", theme[.error])
        }
        var lines = [StyledLine([(" " + mark + " ", style), (Chrome.truncate(card.title, width - 3), theme[.text])])]
        if let message = card.message, !message.isEmpty {
            let messageStyle = card.status == .error ? theme[.error] : theme[.muted]
            let wrapped = TextWrap.wrap(message, width: max(1, width - 3))
            let limit = card.status == .error ? 3 : 1
            for (offset, line) in wrapped.prefix(limit).enumerated() {
                let last = offset == limit - 1 && wrapped.count > limit
                lines.append(StyledLine("   " + (last ? Chrome.truncate(line + " …", width - 3) : line), messageStyle))
            }
        }
        return lines
    }

    static func summaryLines(_ summary: SummaryState, theme: Theme, width: Int, tick: Int, separate: Bool) -> [StyledLine] {
        var lines: [StyledLine] = []
        switch summary {
        case .none:
            if separate { return [] }
            return TextWrap.wrap("No runs yet: /debate A,B TEXT or /chorus A,B TEXT starts one.", width: width)
                .map { StyledLine($0, theme[.muted]) }
        case .inProgress:
            lines.append(StyledLine([(Spinner.frame(tick) + " ", theme[.running]), ("writing the summary…", theme[.muted])]))
        case .ready(let text):
            lines += TextWrap.wrap(text, width: max(1, width - 1)).map { StyledLine(" " + $0, theme[.text]) }
        case .failed(let error):
            lines += TextWrap.wrap("✗ " + error, width: width).map { StyledLine($0, theme[.error]) }
        }
        return (separate ? [.blank] : []) + [StyledLine("Summary", theme[.heading])] + lines
    }
}
