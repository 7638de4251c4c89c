/// Settings: which model plays each role. Enter on a role opens the list of models to choose
/// from (the registry and the servers' model lists, as the app passes them); Enter picks.
enum SettingsView {
    static func draw(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        let picking = state.settings.picking != nil
        Chrome.titleRow("Settings · roles and models", right: picking ? "Enter picks · Esc cancels" : "Enter changes",
                        rect: rect, theme: theme, focused: false, into: &buffer)
        let body = StudioLayout.body(of: rect)
        guard let data = state.settings.data else {
            buffer.write(Spinner.frame(state.tick) + " Loading settings…", x: body.x + 1, y: body.y, style: theme[.muted], clip: body)
            return
        }
        guard !data.assignments.isEmpty else {
            Chrome.message("No roles to assign.", rect: body, style: theme[.muted], into: &buffer)
            return
        }
        let (left, right) = picking ? body.splitLeft(body.width / 2) : (body, Rect(x: body.maxX, y: body.y, width: 0, height: 0))
        let roleWidth = 12
        for (row, assignment) in data.assignments.prefix(left.height).enumerated() {
            let isSelected = row == state.settings.selection
            let line = StyledLine([((isSelected ? " ▸ " : "   ") + Chrome.pad(assignment.role, roleWidth), theme[.title]),
                                   (" " + assignment.model, theme[.text])])
            line.draw(into: &buffer, x: left.x, y: left.y + row, clip: left)
            if isSelected { buffer.restyle(left.row(row), with: picking ? Style(attributes: .bold) : theme[.selection]) }
        }
        guard let choice = state.settings.picking, right.width > 4 else { return }
        let role = data.assignments.indices.contains(state.settings.selection) ? data.assignments[state.settings.selection].role : ""
        buffer.write("│ Model for \(role):", x: right.x, y: right.y, style: theme[.heading], clip: right)
        let listRect = Rect(x: right.x, y: right.y + 1, width: right.width, height: right.height - 1)
        let first = max(0, choice - listRect.height + 1)
        for (row, index) in (first..<data.availableModels.count).prefix(listRect.height).enumerated() {
            let isChoice = index == choice
            buffer.write("│ " + (isChoice ? "▸ " : "  ") + data.availableModels[index], x: listRect.x, y: listRect.y + row,
                         style: theme[.text], clip: listRect)
            if isChoice { buffer.restyle(Rect(x: listRect.x + 2, y: listRect.y + row, width: listRect.width - 2, height: 1), with: theme[.selection]) }
        }
    }
}
