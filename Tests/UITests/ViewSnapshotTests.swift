import Core
import Testing
import UI

/// Every view at 80x24 and 120x40, compared with stored text snapshots (styles where they
/// carry meaning). `RECORD_SNAPSHOTS=1` re-records.
@Suite struct ViewSnapshotTests {
    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40)]

    private func check(_ state: AppState, _ name: String, _ size: Size, styles: Bool = false,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        Snapshot.check(render(state, size), named: "\(name)-\(size)", styles: styles, sourceLocation: sourceLocation)
    }

    @Test(arguments: sizes) func emptyStudio(size: Size) {
        check(Fixtures.empty(size), "studio-empty", size)
    }

    @Test(arguments: sizes) func teamSession(size: Size) {
        check(Fixtures.team(size), "studio-team", size, styles: true)
    }

    @Test(arguments: sizes) func debateBoard(size: Size) {
        check(Fixtures.debate(size), "studio-debate", size, styles: size.width == 80)
    }

    @Test(arguments: sizes) func boardFocusedWithSelection(size: Size) {
        var state = Fixtures.debate(size)
        Fixtures.apply([.key(KeyEvent(.tab)), .key(KeyEvent(.down)), .key(KeyEvent(.down))], to: &state)
        check(state, "studio-board-focus", size, styles: size.width == 80)
    }

    @Test(arguments: sizes) func detailsLoading(size: Size) {
        var state = Fixtures.debate(size)
        Fixtures.apply([.key(KeyEvent(.tab)), .key(KeyEvent(.down)), .key(KeyEvent(.enter))], to: &state)
        check(state, "studio-details-loading", size)
    }

    @Test(arguments: sizes) func detailsLoaded(size: Size) {
        var state = Fixtures.debate(size)
        Fixtures.apply([.key(KeyEvent(.tab)), .key(KeyEvent(.down)), .key(KeyEvent(.enter)),
                        .threadLoaded(cardID: "ollama:qwen2.5/initial", messages: Fixtures.threadMessages)], to: &state)
        check(state, "studio-details", size)
    }

    @Test(arguments: sizes) func help(size: Size) {
        var state = Fixtures.empty(size)
        Fixtures.apply([.key(KeyEvent(.function(1)))], to: &state)
        check(state, "help", size)
    }

    @Test(arguments: sizes) func sessions(size: Size) {
        var state = Fixtures.empty(size)
        Fixtures.apply([.key(KeyEvent(.function(2))), .sessionsLoaded(Fixtures.sessions), .key(KeyEvent(.down))], to: &state)
        check(state, "sessions", size, styles: size.width == 80)
    }

    @Test(arguments: sizes) func sessionsLoadingAndDeleteConfirmation(size: Size) {
        var state = Fixtures.empty(size)
        Fixtures.apply([.key(KeyEvent(.function(2)))], to: &state)
        check(state, "sessions-loading", size)
        Fixtures.apply([.sessionsLoaded(Fixtures.sessions)], to: &state)
        state.input.insert("/delete")
        Fixtures.apply([.key(KeyEvent(.enter))], to: &state)
        check(state, "sessions-delete", size)
    }

    @Test(arguments: sizes) func search(size: Size) {
        var state = Fixtures.empty(size)
        state.input.insert("/search fog")
        Fixtures.apply([.key(KeyEvent(.enter)), .searchResults(query: "fog", hits: Fixtures.hits)], to: &state)
        check(state, "search", size, styles: size.width == 80)
    }

    @Test(arguments: sizes) func settingsPicking(size: Size) {
        var state = Fixtures.empty(size)
        Fixtures.apply([.key(KeyEvent(.function(4))), .settingsLoaded(Fixtures.settings), .key(KeyEvent(.down)),
                        .key(KeyEvent(.enter)), .key(KeyEvent(.down))], to: &state)
        check(state, "settings", size)
    }

    @Test(arguments: sizes) func multiLineInputAndQuestion(size: Size) {
        var state = Fixtures.empty(size)
        Fixtures.apply([.event(.question("No consensus after 3 rounds. Keep the lighthouse (1) or drop it (2)?")),
                        .paste("first line\nsecond line, which is rather long so that it needs to scroll sideways when the terminal is narrow enough\nthird")],
                       to: &state)
        check(state, "input-multiline", size)
    }

    @Test func tooSmall() {
        Snapshot.check(render(Fixtures.team(), Size(width: 28, height: 6)), named: "too-small")
    }

    @Test func noColorTheme() {
        var state = Fixtures.team()
        state.colorSupport = .none
        Snapshot.check(render(state, Size(width: 80, height: 24)), named: "studio-team-no-color", styles: true)
    }
}
