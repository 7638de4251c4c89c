/// Where everything goes at a given size: the main area (conversation on the left, the status
/// board or details pane on the right, or one full view), the input rule and lines, and the two
/// status rows. Render and update share it, so scrolling agrees with what is drawn. Pure.
///
/// Invariant: the rectangles do not overlap and together cover the screen.
struct StudioLayout: Sendable, Hashable {
    let main: Rect
    let conversation: Rect
    let divider: Rect
    let side: Rect
    let inputRule: Rect
    let input: Rect
    let statusLine: Rect
    let hintLine: Rect

    /// The most lines the input grows to.
    static func maximumInputLines(height: Int) -> Int { max(1, min(6, height / 4)) }

    init(size: Size, inputLines: Int, detailsOpen: Bool) {
        let screen = Rect(size)
        let (rest, hints) = screen.splitBottom(1)
        let (aboveStatus, status) = rest.splitBottom(1)
        let lineCount = min(max(1, inputLines), Self.maximumInputLines(height: size.height))
        let (aboveInput, inputArea) = aboveStatus.splitBottom(lineCount)
        let (main, rule) = aboveInput.splitBottom(1)
        self.main = main
        self.inputRule = rule
        self.input = inputArea
        self.statusLine = status
        self.hintLine = hints
        let sideWidth: Int
        if size.width < 60 {
            sideWidth = detailsOpen ? main.width : 0
        } else if detailsOpen {
            sideWidth = max(30, main.width / 2)
        } else {
            sideWidth = min(44, max(24, main.width * 32 / 100))
        }
        if sideWidth >= main.width {
            conversation = Rect(x: main.x, y: main.y, width: 0, height: main.height)
            divider = Rect(x: main.x, y: main.y, width: 0, height: main.height)
            side = main
        } else if sideWidth == 0 {
            conversation = main
            divider = Rect(x: main.maxX, y: main.y, width: 0, height: main.height)
            side = Rect(x: main.maxX, y: main.y, width: 0, height: main.height)
        } else {
            let (left, right) = main.splitLeft(main.width - sideWidth - 1)
            let (line, sidePart) = right.splitLeft(1)
            conversation = left
            divider = line
            side = sidePart
        }
    }

    init(_ state: AppState) {
        self.init(size: state.size, inputLines: state.input.lines.count, detailsOpen: state.details != nil)
    }

    /// A pane's body: all but its title row.
    static func body(of pane: Rect) -> Rect { pane.splitTop(1).1 }
}
