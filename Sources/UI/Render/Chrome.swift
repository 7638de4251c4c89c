/// Drawing helpers shared by the views: pane title rows, the divider, padding and truncation
/// by display cells. Pure functions over a buffer.
enum Chrome {
    /// A pane's title row: ` Title ` then a rule, with `right` text at the right end.
    static func titleRow(_ title: String, right: String? = nil, rect: Rect, theme: Theme, focused: Bool,
                         into buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 0 else { return }
        let row = rect.row(0)
        buffer.write(String(repeating: "─", count: row.width), x: row.x, y: row.y, style: theme[.border], clip: row)
        let titleStyle = focused ? theme[.title].adding(.reverse) : theme[.title]
        let end = buffer.write(" " + truncate(title, row.width - 4) + " ", x: row.x + 1, y: row.y, style: titleStyle, clip: row)
        if let right, !right.isEmpty {
            let room = row.maxX - end - 3
            guard room > 3 else { return }
            let shown = " " + truncate(right, room) + " "
            buffer.write(shown, x: row.maxX - 1 - CellWidth.of(shown), y: row.y, style: theme[.muted], clip: row)
        }
    }

    /// A vertical rule down `rect`.
    static func divider(_ rect: Rect, theme: Theme, into buffer: inout CellBuffer) {
        guard rect.width > 0 else { return }
        for row in rect.y..<rect.maxY {
            buffer.write(row == rect.y ? "┬" : "│", x: rect.x, y: row, style: theme[.border], clip: rect)
        }
    }

    /// `text` cut to `width` cells, ending in `…` when cut.
    static func truncate(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        guard CellWidth.of(text) > width else { return text }
        var result = ""
        var used = 0
        for grapheme in text {
            let cells = CellWidth.of(grapheme)
            if used + cells > width - 1 { break }
            result.append(grapheme)
            used += cells
        }
        return result + "…"
    }

    /// `text` truncated or padded with spaces to exactly `width` cells.
    static func pad(_ text: String, _ width: Int) -> String {
        let cut = truncate(text, width)
        return cut + String(repeating: " ", count: max(0, width - CellWidth.of(cut)))
    }

    /// A token count as people read it: 950, 1.2k, 34k, 1.5M.
    static func tokens(_ count: Int) -> String {
        switch count {
        case ..<1000: return "\(count)"
        case ..<10_000: return oneDecimal(Double(count) / 1000) + "k"
        case ..<1_000_000: return "\(count / 1000)k"
        default: return oneDecimal(Double(count) / 1_000_000) + "M"
        }
    }

    /// A cost in US dollars: four decimals under a dollar, two above.
    static func dollars(_ value: Double) -> String {
        let cents = value < 1 ? (value * 10_000).rounded() / 10_000 : (value * 100).rounded() / 100
        let digits = value < 1 ? 4 : 2
        let whole = Int(cents)
        var fraction = Int(((cents - Double(whole)) * pow10(digits)).rounded())
        var wholePart = whole
        if fraction >= Int(pow10(digits)) {
            wholePart += 1
            fraction = 0
        }
        let fractionText = String(fraction)
        return "$\(wholePart)." + String(repeating: "0", count: max(0, digits - fractionText.count)) + fractionText
    }

    private static func pow10(_ digits: Int) -> Double { digits == 4 ? 10_000 : 100 }

    private static func oneDecimal(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    /// Text drawn as a centred, wrapped message in `rect` (muted), e.g. an empty view's hint.
    static func message(_ text: String, rect: Rect, style: Style, into buffer: inout CellBuffer) {
        let lines = TextWrap.wrap(text, width: max(1, rect.width - 2))
        for (offset, line) in lines.prefix(rect.height).enumerated() {
            buffer.write(line, x: rect.x + 1, y: rect.y + offset, style: style, clip: rect)
        }
    }
}
