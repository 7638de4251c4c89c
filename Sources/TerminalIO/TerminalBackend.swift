import UI

/// What the studio loop needs from a terminal: take it over, read input with a short wait,
/// draw changed cells, give it back. Two implementations: `CursesTerminal` (ncurses, the real
/// screen) and `HeadlessTerminal` (scripted input into a `CellBuffer`, for tests and the
/// benchmark).
///
/// Not `Sendable`: a backend is confined to the one task that runs the loop (ncurses is not
/// thread-safe). Only `Studio.run` calls these methods, in the order start, (read, draw)*, stop.
public protocol TerminalBackend: AnyObject {
    /// Takes over the terminal. Throws when there is no usable terminal (the caller's process
    /// is untouched: no exit, no output).
    func start() throws(TerminalError) -> TerminalInfo
    /// Waits at most `timeoutMilliseconds` for input, then returns all input available at once
    /// (possibly none). Never waits longer.
    func readInput(timeoutMilliseconds: Int) -> [TerminalInput]
    /// Draws the changed runs, places (or hides) the cursor, and flushes to the screen.
    func draw(_ runs: [CellRun], cursor: Position?)
    /// Gives the terminal back exactly as it was found. Safe to call more than once.
    func stop()
}

/// What a backend reports at start. A plain value.
public struct TerminalInfo: Sendable, Hashable {
    public var size: Size
    public var colorSupport: ColorSupport
    /// True when bracketed paste was switched on through terminfo.
    public var bracketedPaste: Bool

    public init(size: Size, colorSupport: ColorSupport, bracketedPaste: Bool = false) {
        self.size = size
        self.colorSupport = colorSupport
        self.bracketedPaste = bracketedPaste
    }
}

/// One piece of decoded terminal input. A plain value.
public enum TerminalInput: Sendable, Hashable {
    case key(KeyEvent)
    /// Text that arrived as one paste (bracketed, or judged a paste by `KeyDecoder`).
    case paste(String)
    case resize(Size)
    /// The terminal is gone (or a headless script ended): the loop quits as on SIGHUP.
    case hangup
}

/// Why the terminal could not be used, as one line a person can act on. A plain value.
public struct TerminalError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
