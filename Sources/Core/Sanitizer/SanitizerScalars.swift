/// The scalar classes the sanitizer decides on, and the notation it writes for what it
/// neutralises. Internal; pure functions callable from any thread.
enum SanitizerScalars {
    static let escapePicture: Unicode.Scalar = "\u{241B}"      // ␛
    static let carriageReturnPicture: Unicode.Scalar = "\u{240D}"  // ␍
    static let deletePicture: Unicode.Scalar = "\u{2421}"      // ␡
    static let zeroWidthJoiner: Unicode.Scalar = "\u{200D}"
    static let zeroWidthNonJoiner: Unicode.Scalar = "\u{200C}"
    static let cancelTag: Unicode.Scalar = "\u{E007F}"
    static let blackFlag: UInt32 = 0x1F3F4

    /// The Unicode Control Picture for a C0 control (U+2400 + code): ␀ … ␟, ␛ for ESC, ␈ for BS.
    static func controlPicture(_ value: UInt32) -> Unicode.Scalar {
        Unicode.Scalar(0x2400 + value) ?? escapePicture
    }

    /// The visible mark `⟨U+XXXX⟩` (at least four upper-case hex digits) for an invisible scalar.
    static func mark(_ value: UInt32) -> String {
        var hex = String(value, radix: 16, uppercase: true)
        if hex.count < 4 { hex = String(repeating: "0", count: 4 - hex.count) + hex }
        return "\u{27E8}U+" + hex + "\u{27E9}"
    }

    /// Bidirectional formatting characters: ALM, LRM, RLM, embeddings/overrides, isolates.
    static func isBidiControl(_ value: UInt32) -> Bool {
        value == 0x061C || value == 0x200E || value == 0x200F
            || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// A Unicode tag character (U+E0000–U+E007F).
    static func isTag(_ value: UInt32) -> Bool { (0xE0000...0xE007F).contains(value) }

    /// A tag that may spell an emoji subdivision flag: tag digits and lower-case tag letters.
    static func isFlagTagLetter(_ value: UInt32) -> Bool {
        (0xE0030...0xE0039).contains(value) || (0xE0061...0xE007A).contains(value)
    }

    /// The longest run of tag letters held back after 🏴 while waiting for the cancel tag.
    static let maximumFlagTags = 7

    /// Visible formatting characters of category Cf (prepended concatenation marks such as the Arabic number sign).
    static func isVisibleFormat(_ value: UInt32) -> Bool {
        (0x0600...0x0605).contains(value) || value == 0x06DD || value == 0x070F
            || (0x0890...0x0891).contains(value) || value == 0x08E2 || value == 0x110BD || value == 0x110CD
    }

    /// Scripts whose shaping legitimately uses ZWJ/ZWNJ between letters: Arabic, Syriac,
    /// Thaana, N'Ko and the other right-to-left blocks up to U+08FF; the Indic scripts
    /// (Devanagari to Sinhala); Tibetan and Myanmar; Khmer and Mongolian; the Brahmic
    /// extension blocks; Arabic presentation forms; historic Brahmi-derived scripts.
    static func isJoiningScript(_ value: UInt32) -> Bool {
        (0x0600...0x0DFF).contains(value) || (0x0F00...0x109F).contains(value)
            || (0x1780...0x18AF).contains(value) || (0xA800...0xABFF).contains(value)
            || (0xFB50...0xFDFF).contains(value) || (0xFE70...0xFEFC).contains(value)
            || (0x10A00...0x10AFF).contains(value) || (0x11000...0x11FFF).contains(value)
    }

    /// True when a scalar (U+00A0 and above, not a joiner, tag or variation selector) is
    /// invisible or reorders text and must be shown as a mark: bidi controls, format
    /// characters (Cf), default-ignorable code points, line and paragraph separators.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if isBidiControl(value) { return true }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .format:
            return !isVisibleFormat(value)
        case .lineSeparator, .paragraphSeparator:
            return true
        default:
            return properties.isDefaultIgnorableCodePoint
        }
    }

    /// What may follow the last scalar written verbatim: a variation selector, a joiner, a flag tag.
    struct Context: Sendable, Hashable {
        /// The last scalar was a base that a variation selector may modify.
        var acceptsVariationSelector = false
        /// The last scalar was part of an emoji (pictograph, modifier, VS16, keycap).
        var emoji = false
        /// The last scalar was a letter or mark of a joining script.
        var joiningScript = false
        /// The last scalar was an ideograph (may take an ideographic variation selector).
        var ideograph = false
        /// The last scalar was 🏴 (may start a subdivision-flag tag sequence).
        var blackFlag = false

        static let none = Context()
        static let ascii = Context(acceptsVariationSelector: true)
    }

    /// True for emoji that may join others with a ZWJ (pictographs, not the ASCII keycap bases).
    static func isPictographic(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value >= 0xA9 && (scalar.properties.isEmoji || scalar.properties.isEmojiModifier)
    }

    /// The context after writing `scalar` verbatim, given the context before it.
    static func context(after scalar: Unicode.Scalar, previous: Context) -> Context {
        let value = scalar.value
        if value < 0x80 { return value == 0x0A ? .none : .ascii }
        if (0xFE00...0xFE0F).contains(value) || (0xE0100...0xE01EF).contains(value) {
            return Context(emoji: previous.emoji, joiningScript: previous.joiningScript)
        }
        let properties = scalar.properties
        let joining = isJoiningScript(value)
        switch properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .spacingMark:
            return Context(emoji: previous.emoji || value == 0x20E3,
                           joiningScript: previous.joiningScript || joining)
        default:
            return Context(acceptsVariationSelector: true,
                           emoji: isPictographic(scalar),
                           joiningScript: joining && properties.generalCategory != .spaceSeparator,
                           ideograph: properties.isIdeographic,
                           blackFlag: value == blackFlag)
        }
    }
}
