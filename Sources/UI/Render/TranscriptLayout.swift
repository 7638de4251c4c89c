/// Turns transcript entries (conversation or a card's thread) into styled lines at a width:
/// a speaker line (name in its theme colour, model, status), the text wrapped by cells and
/// graphemes and indented two cells, and a blank line between entries. `update` uses the same
/// layout to keep a scrolled-back view steady while text streams in. Pure.
enum TranscriptLayout {
    /// The lines of one entry. `isFirst` drops the blank line that separates entries.
    /// `wrapped`, when given, is the text already wrapped to `width - 2` (or only its last lines,
    /// with `truncated` true: then the entry's top, its header, is left out).
    static func lines(for entry: TranscriptEntry, width: Int, theme: Theme, paletteIndex: Int,
                      tick: Int, isFirst: Bool, wrapped: [String]? = nil, truncated: Bool = false) -> [StyledLine] {
        guard width >= 4 else { return [] }
        var lines: [StyledLine] = isFirst || truncated ? [] : [.blank]
        switch entry.kind {
        case .message:
            if !truncated {
                lines.append(header(for: entry, theme: theme, paletteIndex: paletteIndex, tick: tick).fitted(to: width))
            }
            let body = wrapped ?? TextWrap.wrap(entry.text, width: width - 2)
            if entry.text.isEmpty {
                if entry.status == .streaming { lines.append(StyledLine("  …", theme[.muted])) }
            } else {
                lines += body.map { StyledLine("  " + $0, theme[.text]) }
            }
            switch entry.status {
            case .failed(let reason):
                lines += TextWrap.wrap("✗ " + reason, width: width - 2).map { StyledLine("  " + $0, theme[.error]) }
            case .interrupted(let reason):
                let text = "⏹ interrupted" + (reason.map { ": " + $0 } ?? "")
                lines += TextWrap.wrap(text, width: width - 2).map { StyledLine("  " + $0, theme[.warning]) }
            case .streaming, .complete:
                break
            }
        case .note(let level):
            let (mark, role): (String, ThemeRole) = switch level {
            case .info: ("·", .system)
            case .warning: ("!", .warning)
            case .error: ("✗", .error)
            }
            lines += hanging(mark, entry.text, width: width, style: theme[role])
        case .phase:
            let label = " " + entry.text + " "
            let side = max(2, (width - CellWidth.of(label)) / 2)
            let rule = String(repeating: "─", count: min(side, 6))
            lines.append(StyledLine(rule + label + rule, theme[.phase]))
        case .question:
            lines += hanging("?", entry.text, width: width, style: theme[.question])
        }
        return lines
    }

    /// How many lines `lines(for:…)` gives (styles do not change the count).
    static func lineCount(for entry: TranscriptEntry, width: Int, isFirst: Bool) -> Int {
        lines(for: entry, width: width, theme: .defaultDark, paletteIndex: 0, tick: 0, isFirst: isFirst).count
    }

    /// The total line count of `entries` at `width`.
    static func totalLines(_ entries: [TranscriptEntry], width: Int) -> Int {
        entries.enumerated().reduce(0) { $0 + lineCount(for: $1.element, width: width, isFirst: $1.offset == 0) }
    }

    private static func header(for entry: TranscriptEntry, theme: Theme, paletteIndex: Int, tick: Int) -> StyledLine {
        var segments: [(text: String, style: Style)] = [(entry.speaker.displayName, theme.style(for: entry.speaker, paletteIndex: paletteIndex))]
        if let model = entry.model, !model.isEmpty, model != entry.speaker.displayName {
            segments.append((" · " + model, theme[.muted]))
        }
        if let tag = entry.tag { segments.append((" · " + tag, theme[.muted])) }
        switch entry.status {
        case .streaming: segments.append((" " + Spinner.frame(tick), theme[.running]))
        case .failed: segments.append((" ✗", theme[.error]))
        case .interrupted: segments.append((" ⏹", theme[.warning]))
        case .complete: break
        }
        return StyledLine(segments)
    }

    /// `mark text`, wrapped with the continuation lines indented under the text.
    private static func hanging(_ mark: String, _ text: String, width: Int, style: Style) -> [StyledLine] {
        let wrapped = TextWrap.wrap(text, width: width - 2)
        return wrapped.enumerated().map { offset, line in
            StyledLine((offset == 0 ? mark + " " : "  ") + line, style)
        }
    }

    /// Draws `entries` into `rect`, newest at the bottom, `scrollBack` lines up from the end;
    /// only the entries that reach the view are laid out, and with a `memo` only the last lines
    /// of a long message (its settled lines are remembered across frames). Returns the
    /// scroll-back actually used (clamped to the content).
    @discardableResult
    static func draw(_ entries: [TranscriptEntry], into buffer: inout CellBuffer, rect: Rect, scrollBack: Int,
                     theme: Theme, tick: Int, memo: WrapMemo? = nil, paletteIndex: (Speaker) -> Int) -> Int {
        guard !rect.isEmpty else { return 0 }
        let needed = rect.height + max(0, scrollBack)
        var chunks: [[StyledLine]] = []
        var collected = 0
        for offset in stride(from: entries.count - 1, through: 0, by: -1) {
            let entry = entries[offset]
            var wrapped: [String]?
            var truncated = false
            if let memo, entry.kind == .message, let id = entry.messageID, rect.width >= 4,
               entry.text.utf8.count >= WrapMemo.minimumBytes {
                // The entry's status lines (at most a few) and header sit outside the body.
                let tail = memo.tail(of: entry.text, id: id, width: rect.width - 2, wanted: needed - collected)
                wrapped = tail.lines
                truncated = tail.lines.count < tail.total
            }
            let entryLines = lines(for: entry, width: rect.width, theme: theme, paletteIndex: paletteIndex(entry.speaker),
                                   tick: tick, isFirst: offset == 0, wrapped: wrapped, truncated: truncated)
            chunks.append(entryLines)
            collected += entryLines.count
            if collected >= needed { break }
        }
        let all = Array(chunks.reversed().joined())
        let used = min(max(0, scrollBack), max(0, all.count - rect.height))
        let end = all.count - used
        let start = max(0, end - rect.height)
        for (row, line) in all[start..<end].enumerated() {
            line.draw(into: &buffer, x: rect.x, y: rect.y + row, clip: rect)
        }
        return used
    }
}
