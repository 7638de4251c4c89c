internal import CNcurses
import UI

/// Reading keys with `wget_wch` and drawing cells with `setcchar`/`mvwadd_wch`.
extension CursesTerminal {
    public func readInput(timeoutMilliseconds: Int) -> [TerminalInput] {
        guard let window else { return [.hangup] }
        wtimeout(window, Int32(max(0, min(timeoutMilliseconds, 1000))))
        var character: wint_t = 0
        var result = wget_wch(window, &character)
        guard result != atelier_nc_err() else { return decoder.idle() }
        var batch: [RawKey] = []
        wtimeout(window, 0)
        while result != atelier_nc_err() && batch.count < 4096 {
            batch.append(raw(result: result, character: character))
            result = wget_wch(window, &character)
        }
        return decoder.decode(batch)
    }

    private func raw(result: Int32, character: wint_t) -> RawKey {
        guard result == KEY_CODE_YES else { return .scalar(UInt32(character)) }
        let code = Int32(bitPattern: character)
        if code == KEY_RESIZE {
            clearok(curscr, true)
            return .resize(currentSize())
        }
        if let paste = pasteCodes {
            if code == paste.start { return .pasteStart }
            if code == paste.end { return .pasteEnd }
        }
        if let (key, modifiers) = Self.keys[code] { return .key(key, modifiers) }
        if code >= KEY_F0 + 1 && code <= KEY_F0 + 24 { return .key(.function(Int(code - KEY_F0)), []) }
        guard let name = keyname(code) else { return .extended("") }
        return .extended(String(cString: name))
    }

    /// ncurses key codes (from its header, not copied) as keys.
    private static let keys: [Int32: (Key, KeyModifiers)] = [
        KEY_UP: (.up, []), KEY_DOWN: (.down, []), KEY_LEFT: (.left, []), KEY_RIGHT: (.right, []),
        KEY_HOME: (.home, []), KEY_END: (.end, []), KEY_PPAGE: (.pageUp, []), KEY_NPAGE: (.pageDown, []),
        KEY_DC: (.delete, []), KEY_IC: (.insert, []), KEY_BACKSPACE: (.backspace, []), KEY_ENTER: (.enter, []),
        KEY_BTAB: (.tab, .shift), KEY_SLEFT: (.left, .shift), KEY_SRIGHT: (.right, .shift),
        KEY_SHOME: (.home, .shift), KEY_SEND: (.end, .shift), KEY_SDC: (.delete, .shift),
    ]

    public func draw(_ runs: [CellRun], cursor: Position?) {
        guard let window, let pairs else { return }
        for run in runs {
            var column = run.x
            for cell in run.cells {
                defer { column += 1 }
                if cell.isContinuation { continue }
                let attributes = ColorPairs.attributes(cell.style.attributes)
                let pair = pairs.pair(for: cell.style)
                var x = column
                for piece in GlyphPlan.plan(cell.grapheme, width: cell.width, columns: Self.columns) {
                    put(piece.scalars, y: run.y, x: x, attributes: attributes, pair: pair, window: window)
                    x += piece.columns
                }
            }
        }
        let visible = cursor != nil
        if cursorVisible != visible {
            curs_set(visible ? 1 : 0)
            cursorVisible = visible
        }
        if let cursor { wmove(window, Int32(cursor.y), Int32(cursor.x)) }
        wnoutrefresh(window)
        doupdate()
    }

    private func put(_ scalars: [Unicode.Scalar], y: Int, x: Int, attributes: attr_t, pair: Int16,
                     window: UnsafeMutablePointer<WINDOW>) {
        var wide: [wchar_t] = scalars.map { wchar_t(bitPattern: $0.value) }
        wide.append(0)
        var cell = cchar_t()
        guard setcchar(&cell, wide, attributes, pair, nil) == atelier_nc_ok() else { return }
        mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }

    /// The C library's width of a scalar (what ncurses advances by); -1 for unprintable.
    static func columns(_ scalar: Unicode.Scalar) -> Int {
        Int(wcwidth(wchar_t(bitPattern: scalar.value)))
    }
}
