import Core
import Testing
import TerminalIO

@Suite struct GlyphPlanTests {
    /// glibc's wcwidth as the notes measured it: ❤ U+2764 is 1, VS16 is 0, regional indicators 1.
    static func glibc(_ scalar: Unicode.Scalar) -> Int {
        switch scalar.value {
        case 0x2764, 0x1F1E6...0x1F1FF: return 1
        default: return DisplayWidth.columns(of: scalar)
        }
    }

    private func plan(_ grapheme: Character, _ width: Int) -> [GlyphPlan.Piece] {
        GlyphPlan.plan(grapheme, width: width, columns: Self.glibc)
    }

    @Test func plainAndCombiningGoInOneCell() {
        #expect(plan("a", 1).map(\.scalars) == [["a"]])
        #expect(plan("e\u{301}", 1).map(\.scalars) == [["e", "\u{301}"]])
        #expect(plan("日", 2).map(\.columns) == [2])
    }

    @Test func aZWJSequenceIsDrawnAsItsFirstEmoji() {
        let family: Character = "👨‍👩‍👧"
        #expect(plan(family, 2).map(\.scalars) == [["👨"]])
    }

    @Test func aNarrowBaseInAWideCellGetsASpace() {
        let heart: Character = "❤️"
        let pieces = plan(heart, 2)
        #expect(pieces.map(\.scalars) == [["❤"], [" "]])
        #expect(pieces.map(\.columns).reduce(0, +) == 2)
    }

    @Test func aFlagIsTwoRegionalIndicators() {
        #expect(plan("🇯🇵", 2).map(\.scalars) == [["🇯"], ["🇵"]])
    }

    @Test func aWidthDisagreementIsAReplacementCharacter() {
        #expect(plan("日", 1).map(\.scalars) == [["\u{FFFD}"]])
        let unprintable = GlyphPlan.plan("x", width: 1, columns: { _ in -1 })
        #expect(unprintable.map(\.scalars) == [["\u{FFFD}"]])
    }

    @Test(arguments: ["a", "é", "日", "👩‍💻", "👨‍👩‍👧", "❤️", "🇯🇵", "🏴󠁧󠁢󠁳󠁣󠁴󠁿", "1️⃣", "◌\u{301}"] as [Character])
    func piecesAlwaysCoverTheCell(grapheme: Character) {
        let width = min(2, max(1, DisplayWidth.columns(of: grapheme)))
        let pieces = plan(grapheme, width)
        #expect(pieces.map(\.columns).reduce(0, +) == width)
        for piece in pieces {
            let spacing = piece.scalars.filter { Self.glibc($0) > 0 }
            #expect(spacing.count == 1, "one spacing character per ncurses cell")
            #expect(piece.scalars.map(Self.glibc).reduce(0, +) == piece.columns)
        }
    }
}
