import Foundation
import Testing
import TerminalIO
import UI

/// A terminal that cannot open: a typed error, written to the log, nothing else touched.
@Suite struct RestoreTests {
    /// A backend whose terminal cannot be opened.
    final class Unavailable: TerminalBackend {
        var stopped = false
        func start() throws(TerminalError) -> TerminalInfo { throw TerminalError("no terminal here") }
        func readInput(timeoutMilliseconds: Int) -> [TerminalInput] { [] }
        func draw(_ runs: [CellRun], cursor: Position?) {}
        func stop() { stopped = true }
    }

    @Test func aTerminalThatCannotOpenIsATypedErrorWrittenToTheLog() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("atelier-crash-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let effects = EffectLog()
        do {
            _ = try await Studio.run(initialState: AppState(), events: AsyncStream { $0.finish() },
                                     handleEffect: { effects.record($0) }, terminal: Unavailable(),
                                     options: StudioOptions(logPath: log))
            Issue.record("the studio ran without a terminal")
        } catch {
            #expect(error == .terminalUnavailable(TerminalError("no terminal here")))
            #expect(error.description == "cannot open the terminal: no terminal here")
        }
        let written = try String(contentsOfFile: log, encoding: .utf8)
        #expect(written.contains("studio: no terminal here"))
        #expect(effects.all.isEmpty)
        let attributes = try FileManager.default.attributesOfItem(atPath: log)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
