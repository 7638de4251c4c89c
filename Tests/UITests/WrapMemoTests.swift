import Testing
@testable import UI

/// `WrapMemo` must give exactly the last lines of a whole wrap, however a long text grows.
@Suite struct WrapMemoTests {
    /// Words chosen to hit every branch of the wrap: short words, a word longer than a line,
    /// wide graphemes, double spaces, line feeds, a combining mark arriving in a later piece.
    static let pieces = [" quick", " brown", " fox", ",", " 海", "雨の京都", " 🌊", "  double", " averyveryverylongwordthatbreaks",
                         "\n", "\n\n", " café", " e", "\u{301}", " x", "abc", " ", "  "]

    @Test(arguments: [7, 13, 40])
    func tailEqualsTheWholeWrapAsTextGrows(width: Int) {
        let memo = WrapMemo()
        var text = String(repeating: "seed words here ", count: 300)
        var random: UInt64 = UInt64(width)
        for step in 0..<400 {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            text += Self.pieces[Int(random >> 33) % Self.pieces.count]
            let wanted = [1, 5, 30, 200][step % 4]
            let whole = TextWrap.wrap(text, width: width)
            let tail = memo.tail(of: text, id: 1, width: width, wanted: wanted)
            #expect(tail.total == whole.count)
            #expect(tail.lines == Array(whole.suffix(wanted)), "step \(step)")
            if tail.lines != Array(whole.suffix(wanted)) { return }
        }
    }

    @Test func aDifferentTextUnderTheSameIDIsWrappedAfresh() {
        let memo = WrapMemo()
        let first = String(repeating: "alpha beta gamma ", count: 400)
        _ = memo.tail(of: first, id: 7, width: 20, wanted: 10)
        let second = String(repeating: "delta epsilon ", count: 500)
        #expect(memo.tail(of: second, id: 7, width: 20, wanted: 10).lines == Array(TextWrap.wrap(second, width: 20).suffix(10)))
        let shorter = String(first.prefix(5000))
        #expect(memo.tail(of: shorter, id: 7, width: 20, wanted: 3).lines == Array(TextWrap.wrap(shorter, width: 20).suffix(3)))
    }

    @Test func wrapStartsRewrapToTheSameLines() {
        let text = "one two three 雨の京都 averyveryverylongword\n\nfour  five café six"
        let (lines, starts) = TextWrap.wrapWithStarts(Substring(text), width: 6)
        #expect(lines.count == starts.count)
        for index in lines.indices {
            #expect(TextWrap.wrap(String(text[starts[index]...]), width: 6) == Array(lines[index...]), "line \(index)")
        }
    }

    @Test func aLongStreamingReplyDrawsItsLastLines() {
        var state = AppState(size: Size(width: 80, height: 20))
        state.conversation.start(id: 3, speaker: .model("m"), model: "m")
        let words = (0..<3000).map { " word\($0)" }.joined()
        _ = state.conversation.appendDelta(id: 3, raw: words)
        let first = render(state, state.size)
        #expect(first.text.contains("word2999"))
        _ = state.conversation.appendDelta(id: 3, raw: " tailmarker")
        let second = render(state, state.size)
        #expect(second.text.contains("tailmarker"))
        #expect(!second.text.contains("word0 "))
    }
}
