import Foundation

import Core

/// The UI's two uses of Core's one sanitizer: whole texts, and single-line labels (model
/// names, titles, URLs, error messages) where a line break would break the layout.
/// Stateless; any actor.
enum Sanitize {
    /// Multi-line text, made inert.
    static func text(_ raw: String) -> String { TerminalSanitizer.sanitize(raw) }

    /// One line: inert, with line breaks shown as spaces.
    static func line(_ raw: String) -> String {
        let safe = TerminalSanitizer.sanitize(raw)
        return safe.contains("\n") ? safe.replacingOccurrences(of: "\n", with: " ") : safe
    }
}
