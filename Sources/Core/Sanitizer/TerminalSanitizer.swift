/// The one gate that all model and server text passes through before it reaches a
/// terminal (the CLI now, the ncurses studio later). Its output is inert: it cannot move
/// the cursor, change modes, set titles or the clipboard, open links, reorder text or hide
/// characters — and a person still sees that something was there.
///
/// Notation (the rendering is visible, never silent):
/// - Escape sequences of every class (CSI `ESC [`, OSC `ESC ]` incl. OSC 8 and 52, DCS
///   `ESC P`, SOS `ESC X`, PM `ESC ^`, APC `ESC _`, two-byte and `nF` sequences) are shown
///   *whole*, as inert text: ESC becomes ␛ (U+241B) and the rest of the sequence stays as the
///   printable characters it is made of, e.g. `ESC [2J` → `␛[2J`, `ESC ]0;t BEL` → `␛]0;t␇`.
///   Because ESC itself is neutralised, a sequence split across chunks or left unterminated
///   at the end of a stream is inert too, with no parser state to go wrong.
/// - Other C0 controls become their Control Pictures (U+2400 + code: ␀ ␇ ␈ …), DEL becomes ␡.
///   `\n` stays; `\t` becomes spaces up to the next multiple of 8 columns from the line start.
/// - CR immediately before LF is dropped; any other CR becomes ␍ (U+240D), so it cannot
///   return the cursor and overwrite the line. BS becomes ␈, so it cannot erase.
/// - C1 controls (U+0080–U+009F, incl. the 8-bit CSI U+009B and OSC U+009D) and invisible or
///   reordering characters become a mark `⟨U+XXXX⟩` (U+27E8, U+27E9): bidi controls
///   (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), format characters (Cf), other
///   default-ignorable code points (U+2060–U+2064, U+FEFF, U+00AD, Hangul fillers, …), line
///   and paragraph separators, and tag characters (U+E0000–U+E007F).
/// - Kept where they belong, marked elsewhere: ZWJ between emoji (👩‍💻) and ZWJ/ZWNJ between
///   letters of joining scripts (Arabic, Indic, …); one variation selector after a base
///   character (a second one in a row is marked, defeating variation-selector smuggling);
///   ideographic variation selectors after an ideograph; tag letters after 🏴 ending in the
///   cancel tag (subdivision flags such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿).
///
/// Stateless and pure: callable from any actor or thread.
public enum TerminalSanitizer {
    /// Sanitizes a complete text (equivalent to one `StreamingSanitizer` fed once, then finished).
    public static func sanitize(_ text: String) -> String {
        var sanitizer = StreamingSanitizer()
        let body = sanitizer.feed(text)
        let tail = sanitizer.finish()
        return tail.isEmpty ? body : body + tail
    }

    /// True when `text` can be written to a terminal as is: no C0 control but LF, no DEL, no
    /// C1 control, no bidirectional control. (Every output of the sanitizer satisfies this.)
    public static func isInert(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 && value != 0x0A { return false }
            if (0x7F...0x9F).contains(value) { return false }
            if SanitizerScalars.isBidiControl(value) { return false }
        }
        return true
    }
}
