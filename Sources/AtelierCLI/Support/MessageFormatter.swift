import Core
import Foundation

/// Formats stored records as the plain text that `sessions`, `search` and `ask` print.
/// Pure: returns strings of Atelier's own making plus untrusted text that the caller writes
/// through `StandardStreams.outUntrusted`. Any task may use it.
public enum MessageFormatter {
    /// `#12  chat  2026-11-21 15:04  "a lighthouse…"` — one line per session.
    public static func sessionLine(_ session: Session) -> String {
        "#\(session.id)  \(session.kind.rawValue.padding(toLength: 6, withPad: " ", startingAt: 0)) "
            + "\(timestamp(session.updatedAt))  \(oneLine(session.title, limit: 60))"
    }

    /// The header of one message: speaker, model, status, tokens, latency and cost.
    public static func messageHeader(_ message: StoredMessage) -> String {
        var parts = ["── \(message.speaker)"]
        if let model = message.model, model != message.speaker { parts.append(model) }
        if message.status != .complete { parts.append(message.status.rawValue) }
        if let usage = message.usage {
            let mark = usage.estimated ? "~" : ""
            parts.append("\(mark)\(usage.inputTokens) in / \(mark)\(usage.outputTokens) out tokens")
        }
        if let latency = message.latency { parts.append(seconds(latency)) }
        if let ttft = message.timeToFirstToken { parts.append("first token \(seconds(ttft))") }
        if let cost = message.cost, cost > 0 { parts.append(dollars(cost)) }
        return parts.joined(separator: " · ")
    }

    /// `1.23 s` or `850 ms`.
    public static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int((value * 1000).rounded())) ms" : String(format: "%.2f s", value)
    }

    /// `$0.0012`.
    public static func dollars(_ value: Double) -> String {
        String(format: "$%.4f", value)
    }

    /// `2026-11-21 15:04` in the local time zone.
    public static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The text on one line (newlines as spaces), cut to `limit` characters with `…`.
    public static func oneLine(_ text: String, limit: Int) -> String {
        let flat = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return flat.count > limit ? String(flat.prefix(limit - 1)) + "…" : flat
    }
}
