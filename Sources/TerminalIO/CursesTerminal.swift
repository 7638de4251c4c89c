internal import CNcurses
import Foundation
import UI

/// The real screen, through ncursesw: the only code in Atelier that calls ncurses.
///
/// Start: locale from the environment (falling back to C.UTF-8 when it is not UTF-8), the
/// terminal's modes saved, `newterm` (an unknown TERM is a `TerminalError`, never an exit),
/// raw mode (Ctrl+C arrives as a key), no echo, keypad, `set_escdelay(25)`, colours, and
/// bracketed paste when terminfo describes it (`BE`/`BD`, `PS`/`PE`). While it runs, standard
/// error goes to the crash log (when one is named) and the crash guard is armed. Stop undoes all
/// of it and sets the saved modes again, so `stty -g` is the same before and after.
///
/// Not Sendable: confined to the loop task, like ncurses itself.
public final class CursesTerminal: TerminalBackend {
    /// Where the terminal is and how to treat it. A plain value.
    public struct Configuration: Sendable {
        public var inputDescriptor: Int32
        public var outputDescriptor: Int32
        /// The terminfo name; nil takes `TERM` from `environment`.
        public var terminalType: String?
        public var environment: [String: String]
        /// Crash reports and standard error go here while the studio runs.
        public var crashLogPath: String?
        public var bracketedPaste: Bool

        public init(inputDescriptor: Int32 = 0, outputDescriptor: Int32 = 1, terminalType: String? = nil,
                    environment: [String: String] = ProcessInfo.processInfo.environment,
                    crashLogPath: String? = nil, bracketedPaste: Bool = true) {
            self.inputDescriptor = inputDescriptor
            self.outputDescriptor = outputDescriptor
            self.terminalType = terminalType
            self.environment = environment
            self.crashLogPath = crashLogPath
            self.bracketedPaste = bracketedPaste
        }
    }

    let configuration: Configuration
    var screen: OpaquePointer?
    var window: UnsafeMutablePointer<WINDOW>?
    private var inputFile: UnsafeMutablePointer<FILE>?
    private var outputFile: UnsafeMutablePointer<FILE>?
    var decoder = KeyDecoder()
    var pairs: ColorPairs?
    var pasteCodes: (start: Int32, end: Int32)?
    var cursorVisible: Bool?
    private var savedStandardError: Int32 = -1
    private var logDescriptor: Int32 = -1

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    public func start() throws(TerminalError) -> TerminalInfo {
        if screen != nil { stop() }
        Self.ensureUTF8Locale()
        let type = configuration.terminalType ?? configuration.environment["TERM"] ?? ""
        guard !type.isEmpty else {
            throw TerminalError("TERM is not set; set it to your terminal's type, e.g. TERM=xterm-256color")
        }
        CrashGuard.save(input: configuration.inputDescriptor)
        let input = dup(configuration.inputDescriptor)
        let output = dup(configuration.outputDescriptor)
        guard input >= 0, output >= 0, let inFile = fdopen(input, "r"), let outFile = fdopen(output, "w") else {
            if input >= 0 { close(input) }
            if output >= 0 { close(output) }
            throw TerminalError("cannot open the terminal's input and output (\(String(cString: strerror(errno))))")
        }
        guard let made = newterm(type, outFile, inFile) else {
            fclose(inFile)
            fclose(outFile)
            throw TerminalError("terminal type '\(type.prefix(64))' is not in the terminfo database; try TERM=xterm-256color")
        }
        screen = made
        inputFile = inFile
        outputFile = outFile
        set_term(made)
        window = stdscr
        setUpModes()
        let support = setUpColors()
        let bracketed = configuration.bracketedPaste && enableBracketedPaste()
        redirectStandardError()
        CrashGuard.arm(output: configuration.outputDescriptor, logDescriptor: logDescriptor, restore: restoreBytes(bracketed: bracketed))
        return TerminalInfo(size: currentSize(), colorSupport: support, bracketedPaste: bracketed)
    }

    public func stop() {
        guard let made = screen else { return }
        if pasteCodes != nil { emit("BD") }
        if cursorVisible == false { curs_set(1) }
        endwin()
        delscreen(made)
        screen = nil
        window = nil
        if let inputFile { fclose(inputFile) }
        if let outputFile { fclose(outputFile) }
        inputFile = nil
        outputFile = nil
        pasteCodes = nil
        CrashGuard.reapplyModes()
        CrashGuard.disarm()
        restoreStandardError()
    }

    deinit { stop() }

    /// `setlocale` from the environment; if that is not UTF-8, C.UTF-8 for characters.
    static func ensureUTF8Locale() {
        setlocale(LC_ALL, "")
        if let codeset = nl_langinfo(nl_item(CODESET)), String(cString: codeset) == "UTF-8" { return }
        if setlocale(LC_CTYPE, "C.UTF-8") == nil { setlocale(LC_CTYPE, "en_US.UTF-8") }
    }

    private func setUpModes() {
        guard let window else { return }
        raw()
        noecho()
        nonl()
        intrflush(window, false)
        keypad(window, true)
        set_escdelay(25)
        leaveok(window, false)
        // Terminals that ignore the keypad-transmit mode send the normal-mode cursor keys.
        for (sequence, code) in [("\u{1B}[A", KEY_UP), ("\u{1B}[B", KEY_DOWN), ("\u{1B}[C", KEY_RIGHT),
                                 ("\u{1B}[D", KEY_LEFT), ("\u{1B}[H", KEY_HOME), ("\u{1B}[F", KEY_END)]
        where key_defined(sequence) == 0 {
            define_key(sequence, code)
        }
    }

    private func setUpColors() -> ColorSupport {
        let available = has_colors()
        if available {
            start_color()
            use_default_colors()
        }
        let support = ColorSupport.detect(colors: available ? Int(COLORS) : 0, environment: configuration.environment)
        pairs = ColorPairs(support: support, colors: available ? Int(COLORS) : 0, pairLimit: available ? Int(COLOR_PAIRS) : 0)
        return support
    }

    /// Switches bracketed paste on and teaches ncurses its two markers as keys.
    private func enableBracketedPaste() -> Bool {
        guard atelier_nc_tigetstr("BE") != nil, atelier_nc_tigetstr("BD") != nil,
              let start = atelier_nc_tigetstr("PS"), let end = atelier_nc_tigetstr("PE") else { return false }
        guard let codes = Self.freeKeyCodes() else { return false }
        guard define_key(start, codes.start) == atelier_nc_ok(), define_key(end, codes.end) == atelier_nc_ok() else { return false }
        emit("BE")
        pasteCodes = codes
        return true
    }

    /// Writes a terminfo string capability (one without parameters or padding) straight to the
    /// terminal. `putp` would send it to the process's standard output, not this screen's.
    private func emit(_ capability: String) {
        guard let outputFile, let value = atelier_nc_tigetstr(capability) else { return }
        let descriptor = fileno(outputFile)
        var remaining = strlen(value)
        var cursor = UnsafeRawPointer(value)
        while remaining > 0 {
            let written = write(descriptor, cursor, remaining)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return }
            remaining -= written
            cursor += written
        }
    }

    /// Two key codes ncurses does not use: past every code it has a name for.
    private static func freeKeyCodes() -> (start: Int32, end: Int32)? {
        var code = KEY_MAX + 1
        while code < KEY_MAX + 2048 {
            if keyname(code) == nil && keyname(code + 1) == nil { return (code, code + 1) }
            code += 1
        }
        return nil
    }

    /// The terminfo strings that undo the setup, for the crash guard.
    private func restoreBytes(bracketed: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for name in (bracketed ? ["BD"] : []) + ["rmkx", "sgr0", "cnorm", "rmcup"] {
            if let value = atelier_nc_tigetstr(name) { bytes += Array(String(cString: value).utf8) }
        }
        return bytes
    }

    private func redirectStandardError() {
        guard let path = configuration.crashLogPath, configuration.outputDescriptor != 2 else { return }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        logDescriptor = descriptor
        savedStandardError = dup(2)
        if savedStandardError >= 0 { dup2(descriptor, 2) }
    }

    private func restoreStandardError() {
        if savedStandardError >= 0 {
            dup2(savedStandardError, 2)
            close(savedStandardError)
            savedStandardError = -1
        }
        if logDescriptor >= 0 {
            close(logDescriptor)
            logDescriptor = -1
        }
    }

    func currentSize() -> Size {
        guard let window else { return Size(width: 0, height: 0) }
        return Size(width: Int(getmaxx(window)), height: Int(getmaxy(window)))
    }
}
