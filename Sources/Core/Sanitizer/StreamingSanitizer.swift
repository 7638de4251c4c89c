/// The incremental form of `TerminalSanitizer`: feed it a stream's chunks in order and
/// concatenate what it returns; the result equals `TerminalSanitizer.sanitize` of the whole
/// text, however the text was split (a CR, joiner or flag tag at the end of one chunk is held
/// until the next chunk decides it).
///
/// Invariants: every string it returns is inert (`TerminalSanitizer.isInert`); it holds back
/// at most `SanitizerScalars.maximumFlagTags` scalars; work is O(n) in the input.
/// Call `finish()` at the end of the stream to release what is held; the value is then
/// ready for a new stream. A value type with no sharing: each stream owns one, mutated by
/// the one task that reads that stream.
public struct StreamingSanitizer: Sendable {
    private typealias Scalars = SanitizerScalars

    /// Display column of the next output scalar on the current line (for tab stops).
    private var column = 0
    /// A CR waits to see whether an LF follows (then it is dropped).
    private var pendingCarriageReturn = false
    /// A ZWJ/ZWNJ waits for the next scalar to decide whether it sits inside a sequence.
    private var pendingJoiner: Unicode.Scalar?
    /// The context before the pending joiner.
    private var joinerContext = Scalars.Context.none
    /// Tag letters after 🏴, held until the cancel tag proves them a subdivision flag.
    private var pendingTags: [Unicode.Scalar] = []
    /// What the last scalar written verbatim allows to follow it.
    private var context = Scalars.Context.none

    public init() {}

    /// Sanitizes the next chunk of a stream; may hold back a few trailing scalars.
    public mutating func feed(_ chunk: String) -> String {
        if chunk.isEmpty { return "" }
        if let fast = passThroughIfPlain(chunk) { return fast }
        var output = String.UnicodeScalarView()
        for scalar in chunk.unicodeScalars {
            process(scalar, into: &output)
        }
        return String(output)
    }

    /// Ends the stream: releases anything held back (a lone CR as ␍, a dangling joiner or
    /// unfinished flag tags as marks) and resets the sanitizer for a new stream.
    public mutating func finish() -> String {
        var output = String.UnicodeScalarView()
        flushPending(into: &output)
        self = StreamingSanitizer()
        return String(output)
    }

    /// The hot path: printable ASCII and LF with nothing held back pass unchanged, unscanned twice.
    private mutating func passThroughIfPlain(_ chunk: String) -> String? {
        guard !pendingCarriageReturn, pendingJoiner == nil, pendingTags.isEmpty else { return nil }
        var sinceNewline = 0
        var sawNewline = false
        for byte in chunk.utf8 {
            if byte == 0x0A {
                sawNewline = true
                sinceNewline = 0
            } else if byte >= 0x20 && byte < 0x7F {
                sinceNewline += 1
            } else {
                return nil
            }
        }
        column = sawNewline ? sinceNewline : column + sinceNewline
        context = chunk.utf8.last == 0x0A ? .none : .ascii
        return chunk
    }

    private mutating func process(_ scalar: Unicode.Scalar, into output: inout String.UnicodeScalarView) {
        let value = scalar.value
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            if value != 0x0A { appendPicture(Scalars.carriageReturnPicture, into: &output) }
        }
        if let joiner = pendingJoiner {
            pendingJoiner = nil
            // The joiner stays only before a scalar that is itself written verbatim: before a
            // mark (U+061C is in the Arabic block but a bidi control) it would sit next to
            // `⟨`, and sanitizing the output again would mark it — output must be a fixed point.
            let verbatim = !Scalars.isInvisible(scalar)
            let joinsEmoji = joiner == Scalars.zeroWidthJoiner && joinerContext.emoji && Scalars.isPictographic(scalar) && verbatim
            let joinsLetters = joinerContext.joiningScript && Scalars.isJoiningScript(value) && verbatim
            if joinsEmoji || joinsLetters {
                output.append(joiner)
                context = Scalars.Context(emoji: joinerContext.emoji, joiningScript: joinerContext.joiningScript)
            } else {
                appendMark(joiner.value, into: &output)
            }
        }
        if !pendingTags.isEmpty {
            if Scalars.isFlagTagLetter(value) && pendingTags.count < Scalars.maximumFlagTags {
                pendingTags.append(scalar)
                return
            }
            if scalar == Scalars.cancelTag {
                output.append(contentsOf: pendingTags)
                output.append(scalar)
                pendingTags.removeAll()
                context = Scalars.Context(emoji: true)
                return
            }
            flushTagsAsMarks(into: &output)
        }
        classify(scalar, into: &output)
    }

    private mutating func classify(_ scalar: Unicode.Scalar, into output: inout String.UnicodeScalarView) {
        let value = scalar.value
        switch value {
        case 0x20..<0x7F:
            output.append(scalar)
            column += 1
            context = .ascii
        case 0x0A:
            output.append(scalar)
            column = 0
            context = .none
        case 0x09:
            let spaces = 8 - column % 8
            for _ in 0..<spaces { output.append(" ") }
            column += spaces
            context = .none
        case 0x0D:
            pendingCarriageReturn = true
        case 0x00..<0x20:
            appendPicture(Scalars.controlPicture(value), into: &output)
        case 0x7F:
            appendPicture(Scalars.deletePicture, into: &output)
        case 0x80..<0xA0:
            appendMark(value, into: &output)
        case 0xA0..<0x300 where value != 0xAD:
            output.append(scalar)
            column += 1
            context = .ascii
        case 0x4E00...0x9FFF, 0xAC00...0xD7A3:   // CJK ideographs, Hangul syllables: common, wide, plain
            output.append(scalar)
            column += 2
            context = Scalars.Context(acceptsVariationSelector: true, ideograph: value < 0xA000)
        case 0x200C, 0x200D:
            if context.emoji || context.joiningScript {
                pendingJoiner = scalar
                joinerContext = context
            } else {
                appendMark(value, into: &output)
            }
        case 0xFE00...0xFE0F:
            appendVerbatimIf(context.acceptsVariationSelector, scalar, into: &output)
        case 0xE0100...0xE01EF:
            appendVerbatimIf(context.acceptsVariationSelector && context.ideograph, scalar, into: &output)
        case 0xE0000...0xE007F:
            if context.blackFlag && Scalars.isFlagTagLetter(value) {
                pendingTags.append(scalar)
            } else {
                appendMark(value, into: &output)
            }
        default:
            appendVerbatimIf(!Scalars.isInvisible(scalar), scalar, into: &output)
        }
    }

    /// Writes `scalar` as itself when `allowed`, else as a mark.
    private mutating func appendVerbatimIf(_ allowed: Bool, _ scalar: Unicode.Scalar,
                                           into output: inout String.UnicodeScalarView) {
        guard allowed else {
            appendMark(scalar.value, into: &output)
            return
        }
        output.append(scalar)
        column += DisplayWidth.columns(of: scalar)
        context = Scalars.context(after: scalar, previous: context)
    }

    private mutating func appendPicture(_ picture: Unicode.Scalar, into output: inout String.UnicodeScalarView) {
        output.append(picture)
        column += 1
        context = .none
    }

    private mutating func appendMark(_ value: UInt32, into output: inout String.UnicodeScalarView) {
        let mark = Scalars.mark(value)
        output.append(contentsOf: mark.unicodeScalars)
        column += mark.unicodeScalars.count
        context = .none
    }

    private mutating func flushTagsAsMarks(into output: inout String.UnicodeScalarView) {
        let tags = pendingTags
        pendingTags.removeAll()
        for tag in tags { appendMark(tag.value, into: &output) }
    }

    private mutating func flushPending(into output: inout String.UnicodeScalarView) {
        if pendingCarriageReturn {
            pendingCarriageReturn = false
            appendPicture(Scalars.carriageReturnPicture, into: &output)
        }
        if let joiner = pendingJoiner {
            pendingJoiner = nil
            appendMark(joiner.value, into: &output)
        }
        flushTagsAsMarks(into: &output)
    }
}
