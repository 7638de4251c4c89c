import Foundation

/// The sessions list: title, kind and last change of each stored session, newest first.
/// Enter opens; `/new`, `/rename`, `/delete` (twice) act on it.
enum SessionsView {
    static func draw(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        Chrome.titleRow("Sessions", right: "Enter opens · /new · /rename · /delete", rect: rect, theme: theme,
                        focused: false, into: &buffer)
        var body = StudioLayout.body(of: rect)
        guard let sessions = state.sessions.sessions else {
            buffer.write(Spinner.frame(state.tick) + " Loading sessions…", x: body.x + 1, y: body.y, style: theme[.muted], clip: body)
            return
        }
        guard !sessions.isEmpty else {
            Chrome.message("No sessions yet. Type a request to start one.", rect: body, style: theme[.muted], into: &buffer)
            return
        }
        if let pending = state.sessions.pendingDeleteID, let session = sessions.first(where: { $0.id == pending }) {
            let (list, footer) = body.splitBottom(1)
            let ask = "Delete “\(session.title)”? Type /delete again to confirm; moving the selection cancels."
            buffer.write(" " + Chrome.truncate(ask, footer.width - 2), x: footer.x, y: footer.y, style: theme[.warning], clip: footer)
            body = list
        }
        let dateWidth = 16
        let kindWidth = 7
        let titleWidth = max(8, body.width - dateWidth - kindWidth - 6)
        let first = max(0, state.sessions.selection - body.height + 1)
        for (row, index) in (first..<sessions.count).prefix(body.height).enumerated() {
            let session = sessions[index]
            let isSelected = index == state.sessions.selection
            let line = StyledLine([((isSelected ? " ▸ " : "   ") + Chrome.pad(session.title, titleWidth), theme[.text]),
                                   (" " + Chrome.pad(session.kind.rawValue, kindWidth), theme[.muted]),
                                   (" " + format(session.updatedAt, in: state.timeZone), theme[.muted])])
            line.draw(into: &buffer, x: body.x, y: body.y + row, clip: body)
            if isSelected { buffer.restyle(body.row(row), with: theme[.selection]) }
        }
    }

    /// `2026-11-21 14:03` in `zone`.
    static func format(_ date: Date, in zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        func two(_ value: Int?) -> String { let number = value ?? 0; return number < 10 ? "0\(number)" : "\(number)" }
        return "\(parts.year ?? 0)-\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute))"
    }
}
