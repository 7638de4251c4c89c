import Testing
import UI

@Suite struct BufferDiffTests {
    @Test func identicalBuffersHaveNoRuns() {
        var buffer = CellBuffer(size: Size(width: 20, height: 3))
        buffer.write("same", x: 1, y: 1, style: .plain)
        #expect(CellBuffer.diff(from: buffer, to: buffer).isEmpty)
    }

    @Test func onlyChangedCellsAreWritten() {
        var old = CellBuffer(size: Size(width: 20, height: 3))
        old.write("hello world", x: 0, y: 1, style: .plain)
        var new = old
        new.write("W", x: 6, y: 1, style: .plain)
        new.write("!", x: 19, y: 2, style: .plain)
        let runs = CellBuffer.diff(from: old, to: new)
        #expect(runs == [CellRun(x: 6, y: 1, cells: [Cell("W")]), CellRun(x: 19, y: 2, cells: [Cell("!")])])
        #expect(CellBuffer.cellCount(runs) == 2)
    }

    @Test func aStyleChangeIsAChange() {
        var old = CellBuffer(size: Size(width: 5, height: 1))
        old.write("abc", x: 0, y: 0, style: .plain)
        var new = old
        new.restyle(Rect(x: 1, y: 0, width: 1, height: 1), with: Style(attributes: .reverse))
        #expect(CellBuffer.diff(from: old, to: new).map(\.x) == [1])
    }

    @Test func wideGraphemesAreWrittenWhole() {
        var old = CellBuffer(size: Size(width: 6, height: 1))
        old.write("ab", x: 0, y: 0, style: .plain)
        var new = CellBuffer(size: Size(width: 6, height: 1))
        new.write("日b", x: 0, y: 0, style: .plain)
        let runs = CellBuffer.diff(from: old, to: new)
        #expect(runs.count == 1)
        #expect(runs.first?.x == 0 && runs.first?.cells.count == 3)
        #expect(runs.first?.cells[1].isContinuation == true)
        // A changed style on the continuation half alone still starts the run at the lead cell.
        var styled = new
        styled.restyle(Rect(x: 1, y: 0, width: 1, height: 1), with: Style(attributes: .bold))
        let styledRuns = CellBuffer.diff(from: new, to: styled)
        #expect(styledRuns.first?.x == 0)
    }

    @Test func aNewSizeRedrawsEverything() {
        let old = CellBuffer(size: Size(width: 4, height: 2))
        let new = CellBuffer(size: Size(width: 5, height: 3))
        let runs = CellBuffer.diff(from: old, to: new)
        #expect(runs.count == 3 && CellBuffer.cellCount(runs) == 15)
    }

    @Test func applyingTheDiffReproducesTheNewFrame() {
        var old = CellBuffer(size: Size(width: 30, height: 6))
        var seed: UInt64 = 42
        func next() -> Int {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            return Int(seed >> 33)
        }
        let pieces = ["a", "日本", "👩‍💻", "é", "xyz", " ", "語"]
        for _ in 0..<40 {
            var new = old
            for _ in 0..<5 {
                new.write(pieces[next() % pieces.count], x: next() % 30, y: next() % 6,
                          style: Style(foreground: .indexed(UInt8(next() % 256))))
            }
            var drawn = old
            for run in CellBuffer.diff(from: old, to: new) { drawn.apply(run) }
            #expect(drawn == new)
            old = new
        }
    }
}
