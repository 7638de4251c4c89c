import Synchronization

/// Remembers how far wrapping has settled for long message texts that only grow (a streaming
/// reply), so a frame wraps only the text that arrived since the last one instead of the whole
/// message again: without it, drawing a reply costs time in proportion to its length on every
/// frame, and a reply of megabytes (5,000 tokens a second for minutes) stalls the studio loop.
///
/// For each (message, width) it keeps the count of settled lines, the last `keptLines` of them
/// and the UTF-8 offset where the first unsettled line begins. Greedy wrapping never changes a
/// line more than two lines above the end when text is appended (`TextWrap.wrapWithStarts`), so
/// all but the last two lines of each wrap settle. A text shorter than the offset, or whose bytes
/// before it differ from those seen, is wrapped afresh. Shorter texts are never remembered.
///
/// Invariant: the lines it returns are exactly the last lines of `TextWrap.wrap(text, width:)`.
/// Sendable (a lock guards the table); `render` calls it from the studio loop.
public final class WrapMemo: Sendable {
    /// Texts shorter than this (UTF-8 bytes) are wrapped whole every time.
    public static let minimumBytes = 4096
    /// Settled lines kept per message: more than a screen's height.
    static let keptLines = 512
    /// At most this many (message, width) pairs are remembered.
    static let capacity = 64

    private struct Key: Hashable {
        var id: Int64
        var width: Int
    }

    private struct Settled {
        var count = 0
        var recent: [String] = []
        var offset = 0
        /// The up-to-16 bytes before `offset`, to notice a different text under the same id.
        var fingerprint: [UInt8] = []
    }

    private let table = Mutex<[Key: Settled]>([:])

    public init() {}

    /// The last `wanted` lines (or all, when fewer) of `text` wrapped to `width`, and how many
    /// lines the whole text has. `id` names the message whose text this is.
    func tail(of text: String, id: Int64, width: Int, wanted: Int) -> (lines: [String], total: Int) {
        guard width >= 1 else { return ([], 0) }
        let key = Key(id: id, width: width)
        let utf8 = text.utf8
        var settled = table.withLock { $0[key] } ?? Settled()
        if settled.offset > utf8.count || !Self.fingerprint(utf8, before: settled.offset).elementsEqual(settled.fingerprint) {
            settled = Settled()
        }
        let start = utf8.index(utf8.startIndex, offsetBy: settled.offset)
        let (fresh, starts) = TextWrap.wrapWithStarts(text[start...], width: width)
        let total = settled.count + fresh.count
        let available = min(settled.count, settled.recent.count) + fresh.count
        var lines: [String]
        if available < min(wanted, total) {
            lines = Array(TextWrap.wrap(text, width: width).suffix(wanted))
        } else if fresh.count >= wanted {
            lines = Array(fresh.suffix(wanted))
        } else {
            lines = Array(settled.recent.suffix(wanted - fresh.count)) + fresh
        }
        if fresh.count > 2 {
            let newlySettled = fresh.count - 2
            settled.recent = Array((settled.recent + fresh[0..<newlySettled]).suffix(Self.keptLines))
            settled.count += newlySettled
            settled.offset = utf8.distance(from: utf8.startIndex, to: starts[newlySettled])
            settled.fingerprint = Array(Self.fingerprint(utf8, before: settled.offset))
        }
        let keep = settled
        table.withLock { entries in
            if entries[key] == nil && entries.count >= Self.capacity {
                entries.removeAll()
            }
            entries[key] = keep
        }
        if lines.count > wanted { lines.removeFirst(lines.count - wanted) }
        return (lines, total)
    }

    private static func fingerprint(_ utf8: String.UTF8View, before offset: Int) -> Substring.UTF8View {
        let end = utf8.index(utf8.startIndex, offsetBy: min(offset, utf8.count))
        let begin = utf8.index(end, offsetBy: -min(16, offset), limitedBy: utf8.startIndex) ?? utf8.startIndex
        return utf8[begin..<end]
    }
}
