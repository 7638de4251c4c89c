import Foundation

/// Lens's verdict on a spec, read from its reply. A plain value.
///
/// The first non-empty line decides when it starts with a verdict word (`APPROVED`,
/// `APPROVE`, `LGTM`; `REVISE`, `REJECT`, `SEND BACK`, `NOT APPROVED`); otherwise the whole
/// reply is searched, rejection markers first. A reply with no marker at all is `unclear`
/// (the engine lets the spec go ahead and says so). Case is ignored.
public enum ReviewVerdict: Sendable, Hashable {
    case approved
    /// Sent back, with the reasons (the reply after `REVISE:`, or the whole reply).
    case rejected(reasons: String)
    case unclear

    public static func parse(_ text: String) -> ReviewVerdict {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let firstLine = trimmed.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let head = firstLine.uppercased().drop { !$0.isLetter }
        if rejectPrefixes.contains(where: head.hasPrefix) { return .rejected(reasons: reasons(trimmed)) }
        if approvePrefixes.contains(where: head.hasPrefix) { return .approved }
        let upper = trimmed.uppercased()
        if rejectMarkers.contains(where: upper.contains) { return .rejected(reasons: reasons(trimmed)) }
        if approveMarkers.contains(where: upper.contains) { return .approved }
        return .unclear
    }

    static let approvePrefixes = ["APPROVED", "APPROVE", "LGTM", "VERDICT: APPROVED"]
    static let rejectPrefixes = ["REVISE", "REJECT", "SEND BACK", "SEND IT BACK", "NOT APPROVED", "VERDICT: REVISE"]
    static let rejectMarkers = ["REVISE:", "REJECTED", "REJECT ", "SEND IT BACK", "SEND BACK", "NOT APPROVED",
                                "DO NOT APPROVE", "CANNOT APPROVE", "CAN'T APPROVE", "NOT READY"]
    static let approveMarkers = ["APPROVED", "I APPROVE", "LGTM", "READY TO GENERATE", "GOOD TO GO"]

    /// The text after the first `REVISE`/`REJECT` marker's colon, or the whole reply.
    static func reasons(_ text: String) -> String {
        if let colon = text.firstIndex(of: ":"), text.distance(from: text.startIndex, to: colon) < 40 {
            let rest = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            if !rest.isEmpty { return rest }
        }
        return text
    }
}
