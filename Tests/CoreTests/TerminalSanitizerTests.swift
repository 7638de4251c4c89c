import Core
import Testing

@Suite struct TerminalSanitizerTests {
    private func clean(_ text: String) -> String { TerminalSanitizer.sanitize(text) }

    @Test(arguments: [
        "hello, world",
        "line one\nline two\n",
        "naïve café — “quotes” ½ ©",
        "中文字符 日本語テキスト 한국어",
        "emoji 👍 👍🏽 👩‍💻 👨‍👩‍👧 ❤️ ❤️‍🔥 🇯🇵 1️⃣",
        "combining e\u{301} a\u{308}",
        "العربية مرحبا",
        "हिन्दी क्‍ष",
        "می‌خواهم",
        "subdivision flag 🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}!",
    ])
    func ordinaryTextIsUnchanged(_ text: String) {
        #expect(clean(text) == text)
    }

    @Test(arguments: [
        ("a\u{1B}[2Jb", "a␛[2Jb"),                                   // CSI erase display
        ("\u{1B}[31mred\u{1B}[0m", "␛[31mred␛[0m"),                  // SGR
        ("\u{1B}[?1049h", "␛[?1049h"),                               // private mode
        ("\u{1B}]0;title\u{07}", "␛]0;title␇"),                       // OSC title, BEL-terminated
        ("\u{1B}]8;;https://evil.example\u{1B}\\click\u{1B}]8;;\u{1B}\\",
         "␛]8;;https://evil.example␛\\click␛]8;;␛\\"),                // OSC 8 hyperlink, ST-terminated
        ("\u{1B}]52;c;cm0gLXJmIH4=\u{07}", "␛]52;c;cm0gLXJmIH4=␇"),  // OSC 52 clipboard
        ("\u{1B}P1$r0m\u{1B}\\", "␛P1$r0m␛\\"),                       // DCS
        ("\u{1B}_Gf=100;AAAA\u{1B}\\", "␛_Gf=100;AAAA␛\\"),           // APC (kitty graphics)
        ("\u{1B}^private\u{1B}\\", "␛^private␛\\"),                   // PM
        ("\u{1B}Xstring\u{1B}\\", "␛Xstring␛\\"),                     // SOS
        ("\u{1B}c", "␛c"),                                            // RIS: two-byte
        ("\u{1B}7x\u{1B}8", "␛7x␛8"),                                 // save/restore cursor
        ("\u{1B}(0", "␛(0"),                                          // nF charset designation
        ("\u{1B}\u{1B}[A", "␛␛[A"),
    ])
    func escapeSequencesAreShownInert(_ input: String, _ expected: String) {
        let output = clean(input)
        #expect(output == expected)
        #expect(!output.unicodeScalars.contains("\u{1B}"))
        #expect(TerminalSanitizer.isInert(output))
    }

    @Test(arguments: [
        ("\u{9B}2J", "⟨U+009B⟩2J"),                       // 8-bit CSI
        ("\u{9D}0;t\u{9C}", "⟨U+009D⟩0;t⟨U+009C⟩"),         // 8-bit OSC and ST
        ("\u{90}q\u{9C}", "⟨U+0090⟩q⟨U+009C⟩"),             // 8-bit DCS
        ("a\u{85}b", "a⟨U+0085⟩b"),                          // NEL
        ("\u{80}\u{9F}", "⟨U+0080⟩⟨U+009F⟩"),
    ])
    func c1ControlsAreMarked(_ input: String, _ expected: String) {
        #expect(clean(input) == expected)
    }

    @Test(arguments: [
        ("nul\u{0}", "nul␀"),
        ("bell\u{7}", "bell␇"),
        ("abc\u{8}\u{8}X", "abc␈␈X"),
        ("\u{1}\u{1F}", "␁␟"),
        ("del\u{7F}", "del␡"),
        ("vt\u{B}ff\u{C}", "vt␋ff␌"),
    ])
    func c0ControlsBecomeControlPictures(_ input: String, _ expected: String) {
        #expect(clean(input) == expected)
    }

    @Test(arguments: [
        ("a\r\nb\r\n", "a\nb\n"),
        ("50%\r100%", "50%␍100%"),
        ("x\r\r\ny", "x␍\ny"),
        ("end\r", "end␍"),
        ("\rstart", "␍start"),
    ])
    func carriageReturnCannotOverwrite(_ input: String, _ expected: String) {
        #expect(clean(input) == expected)
    }

    @Test(arguments: [
        ("a\tb", "a       b"),
        ("\tx", "        x"),
        ("12345678\tx", "12345678        x"),
        ("abc\n\tx", "abc\n        x"),
        ("中\tx", "中      x"),
        ("a\t\tb", "a               b"),
        ("\u{1B}\tx", "␛       x"),
    ])
    func tabsExpandToEightColumnStops(_ input: String, _ expected: String) {
        #expect(clean(input) == expected)
    }

    @Test(arguments: [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
                      0x2066, 0x2067, 0x2068, 0x2069])
    func bidiControlsAreMarked(_ value: Int) throws {
        let scalar = try #require(Unicode.Scalar(UInt32(value)))
        let hex = String(value, radix: 16, uppercase: true)
        let output = clean("a" + String(Character(scalar)) + "b")
        #expect(output == "a⟨U+\(String(repeating: "0", count: 4 - hex.count) + hex)⟩b")
        #expect(TerminalSanitizer.isInert(output))
    }

    @Test(arguments: [
        ("zero\u{200B}width", "zero⟨U+200B⟩width"),
        ("w\u{2060}j\u{2061}\u{2062}\u{2063}\u{2064}", "w⟨U+2060⟩j⟨U+2061⟩⟨U+2062⟩⟨U+2063⟩⟨U+2064⟩"),
        ("\u{FEFF}bom", "⟨U+FEFF⟩bom"),
        ("hi\u{E0068}\u{E0069}", "hi⟨U+E0068⟩⟨U+E0069⟩"),              // ASCII smuggled in tags
        ("\u{E0001}", "⟨U+E0001⟩"),
        ("soft\u{AD}hyphen", "soft⟨U+00AD⟩hyphen"),
        ("line\u{2028}sep\u{2029}", "line⟨U+2028⟩sep⟨U+2029⟩"),
        ("fill\u{3164}er", "fill⟨U+3164⟩er"),
        ("a\u{200D}b", "a⟨U+200D⟩b"),                                  // ZWJ outside any sequence
        ("a\u{200C}b", "a⟨U+200C⟩b"),
        ("\u{0645}\u{200C}\u{061C}", "\u{0645}⟨U+200C⟩⟨U+061C⟩"),    // ZWNJ before a bidi mark (found by the fuzzer)
        ("\u{0915}\u{200D}\u{061C}", "\u{0915}⟨U+200D⟩⟨U+061C⟩"),
        ("👩\u{200D}", "👩⟨U+200D⟩"),                                  // dangling at the end
        ("👩\u{200D}a", "👩⟨U+200D⟩a"),
        ("\u{FE0F}x", "⟨U+FE0F⟩x"),                                    // no base
        ("❤\u{FE0F}\u{FE0F}\u{FE0E}", "❤\u{FE0F}⟨U+FE0F⟩⟨U+FE0E⟩"),  // a run of selectors
        ("a\u{E0100}", "a⟨U+E0100⟩"),                                   // ideographic selector on a letter
        ("🏴\u{E0067}\u{E0062}x", "🏴⟨U+E0067⟩⟨U+E0062⟩x"),           // flag tags never closed
        ("🏴\u{E0067}\u{E0062}", "🏴⟨U+E0067⟩⟨U+E0062⟩"),
        ("🏴\u{E0067}\u{E0067}\u{E0067}\u{E0067}\u{E0067}\u{E0067}\u{E0067}\u{E0067}\u{E007F}",
         "🏴" + String(repeating: "⟨U+E0067⟩", count: 8) + "⟨U+E007F⟩"),  // too long to be a flag
    ])
    func invisibleCharactersAreMarked(_ input: String, _ expected: String) {
        #expect(clean(input) == expected)
    }

    @Test func outputIsAFixedPoint() {
        for input in ["\u{0645}\u{200C}\u{061C}\u{0645}", "\u{0645}\u{200C}\u{0645}", "👩\u{200D}💻", "\u{0915}\u{094D}\u{200D}\u{0937}"] {
            let once = clean(input)
            #expect(clean(once) == once, "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    @Test func ideographicVariationSelectorIsKeptAfterAnIdeograph() {
        #expect(clean("葛\u{E0100}") == "葛\u{E0100}")
    }

    @Test func unterminatedSequencesAtTheEndAreInert() {
        #expect(clean("text\u{1B}]52;c;AAAA") == "text␛]52;c;AAAA")
        #expect(clean("\u{1B}") == "␛")
        #expect(clean("\u{1B}[") == "␛[")
        #expect(clean("\u{1B}P") == "␛P")
        #expect(clean("\u{9B}") == "⟨U+009B⟩")
    }

    @Test func isInertRejectsLiveControls() {
        #expect(!TerminalSanitizer.isInert("\u{1B}[2J"))
        #expect(!TerminalSanitizer.isInert("\u{9B}"))
        #expect(!TerminalSanitizer.isInert("a\rb"))
        #expect(!TerminalSanitizer.isInert("\u{202E}"))
        #expect(!TerminalSanitizer.isInert("\t"))
        #expect(TerminalSanitizer.isInert("plain\nline 中 👍"))
    }

    @Test func plainASCIIKeepsItsIdentity() {
        let text = String(repeating: "The quick brown fox jumps over the lazy dog.\n", count: 1000)
        #expect(clean(text) == text)
    }
}
