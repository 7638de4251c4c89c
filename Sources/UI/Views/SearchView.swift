/// Search results across all sessions: where each hit is (session, speaker) and its snippet with
/// the matched words highlighted. Enter jumps to the hit.
enum SearchView {
    static func draw(_ state: AppState, theme: Theme, rect: Rect, into buffer: inout CellBuffer) {
        let search = state.search
        let title = search.query.map { "Search · “\($0)”" } ?? "Search"
        let count = search.hits.map { "\($0.count) result\($0.count == 1 ? "" : "s") · Enter jumps" }
        Chrome.titleRow(title, right: count, rect: rect, theme: theme, focused: false, into: &buffer)
        let body = StudioLayout.body(of: rect)
        guard let query = search.query else {
            Chrome.message("Type /search TEXT to search every session.", rect: body, style: theme[.muted], into: &buffer)
            return
        }
        guard let hits = search.hits else {
            buffer.write(Spinner.frame(state.tick) + " Searching…", x: body.x + 1, y: body.y, style: theme[.muted], clip: body)
            return
        }
        guard !hits.isEmpty else {
            Chrome.message("No results for “\(query)”.", rect: body, style: theme[.muted], into: &buffer)
            return
        }
        let perHit = 3
        let visible = max(1, body.height / perHit)
        let first = max(0, search.selection - visible + 1)
        for (slot, index) in (first..<hits.count).prefix(visible).enumerated() {
            let hit = hits[index]
            let top = body.y + slot * perHit
            let isSelected = index == search.selection
            let place = StyledLine([((isSelected ? " ▸ " : "   ") + hit.sessionTitle, theme[.title]), (" · " + hit.speaker, theme[.muted])])
            place.draw(into: &buffer, x: body.x, y: top, clip: body)
            snippet(hit.snippet, theme: theme).draw(into: &buffer, x: body.x + 3, y: top + 1, clip: body)
            if isSelected {
                buffer.restyle(body.row(top - body.y), with: theme[.selection])
                buffer.restyle(body.row(top + 1 - body.y), with: theme[.selection])
            }
        }
    }

    /// The snippet with each `[match]` drawn highlighted and without its brackets.
    static func snippet(_ text: String, theme: Theme) -> StyledLine {
        var segments: [(text: String, style: Style)] = []
        var current = ""
        var inMatch = false
        for character in text {
            if character == "[" && !inMatch || character == "]" && inMatch {
                if !current.isEmpty { segments.append((current, inMatch ? theme[.highlight] : theme[.text])) }
                current = ""
                inMatch.toggle()
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { segments.append((inMatch ? "[" + current : current, theme[.text])) }
        return StyledLine(segments)
    }
}
