@testable import Comfy
import Core
import Foundation
import Glibc
import Net
import Testing
import TestSupport

/// Suite 3: a hostile ComfyUI. Every payload runs in a fresh temporary root holding the data
/// folder and sentinel files around it (`.bashrc` at every level a traversal could reach,
/// an `outside/` folder); the whole tree is snapshotted with `lstat` before and after, so
/// any file written outside the generation's folder, any file overwritten or removed, and
/// any link followed shows up. Server names, planted links, links that appear during the
/// download, endless bodies and lying lengths.
@Suite struct HardeningComfyTests {
    /// Server-reported file names that must fetch nothing.
    static let hostileNames: [String] = [
        "../../.bashrc", "../../../../.bashrc", "/etc/passwd", "/root/.ssh/authorized_keys", "a/../../b", "..", ".", "",
        "a\u{0}b.png", "x.png\u{0}.txt", "..\\..\\.bashrc", "C:\\Windows\\win.ini", "a\\b.png",
        String(repeating: "n", count: 5000) + ".png", String(repeating: "é", count: 128) + ".png",
        "\u{1B}]0;pwned\u{07}.png", "\u{1B}[2J\u{1B}[H.png", "\u{9B}6n.png", "bell\u{07}.png", "cr\r.png", "nl\n.png",
        "x\u{202E}gnp.exe", "...", "..png/..", "./x.png", "x/", "~/../.bashrc",
    ]
    /// Subfolders that must fetch nothing (with a plain file name).
    static let hostileSubfolders: [String] = [
        "../..", "../x", "/etc", "/", "a/../../b", "a\\..\\..", "a//b", "..", ".", "./a", "x\u{0}",
        "\u{1B}]0;title\u{07}", "a/\u{1B}[2J", String(repeating: "d/", count: 600), "\u{202E}x",
    ]
    /// Output types that must fetch nothing.
    static let hostileTypes = ["../output", "/etc", "output/..", "", "OUTPUT", "temp\u{0}"]

    /// Runs one job whose outputs are `names` (the fake writes no file for them); returns the
    /// record, the arena's changes and whether `/view` was asked for anything.
    func runHostile(_ names: [FakeComfyFaults.OutputName], type: String? = nil) async throws -> (JobRecord, [String], Bool) {
        let arena = try HardeningArena()
        defer { arena.remove() }
        let fake = try FakeComfyServer()
        defer { fake.stop() }
        fake.update { $0.hostileOutputs = names }
        let before = arena.tree
        let passwd = HardeningTree("/etc").entries["passwd"]
        let runner = GenerationRunner(client: client(for: fake), saver: OutputSaver(dataDirectory: arena.data),
                                      options: testRunnerOptions())
        let record = await collect(runner.start(try request("probe-modelfree", session: "s", generation: "g")))
        let changes = arena.tree.changes(since: before, allowing: [HardeningArena.generation])
            + (HardeningTree("/etc").entries["passwd"] == passwd ? [] : ["/etc/passwd changed"])
        let fetched = fake.requests.contains { $0.target.hasPrefix("/view") }
        return (record, changes, fetched)
    }

    @Test func hostileNamesSubfoldersAndTypesFetchAndWriteNothing() async throws {
        var problems: [String] = []
        var payloads = 0
        // `make test`: every name in one job, every subfolder in another, and a few alone;
        // `make hostile-test`: each payload in a job of its own as well.
        let names: [(String, [FakeComfyFaults.OutputName])] =
            Self.hostileNames.map { ("name \($0.debugDescription.prefix(40))", [.init(filename: $0)]) }
        let subfolders: [(String, [FakeComfyFaults.OutputName])] =
            Self.hostileSubfolders.map { ("subfolder \($0.debugDescription.prefix(40))", [.init(filename: "ok.png", subfolder: $0)]) }
        let alone = Hardening.isFull ? names + subfolders : Array(names.prefix(4)) + Array(subfolders.prefix(2))
        let cases = alone + [("every name at once", Self.hostileNames.map { .init(filename: $0) }),
                             ("every subfolder at once", Self.hostileSubfolders.map { .init(filename: "ok.png", subfolder: $0) })]
        for (label, names) in cases {
            let (record, changes, fetched) = try await runHostile(names)
            payloads += names.count
            if record.comfyError?.kind != .unsafeOutputName { problems.append("\(label): ended with \(String(describing: record.error))") }
            if fetched { problems.append("\(label): /view was requested") }
            if !record.saved.isEmpty { problems.append("\(label): saved \(record.saved.map(\.path))") }
            problems += changes.map { "\(label): \($0)" }
            let messages = record.events.compactMap { event -> String? in
                if case .outputSkipped(_, let message) = event { return message } else { return nil }
            } + [record.comfyError?.message ?? ""]
            for message in messages where !TerminalSanitizer.isInert(message) || message.utf8.count > 800 {
                problems.append("\(label): a message is not inert or too long: \(message.debugDescription.prefix(120))")
            }
        }
        for type in Self.hostileTypes {
            payloads += 1
            if OutputNameCheck.problem(inName: "ok.png") == nil,
               (try? OutputNameCheck.check(OutputFile(node: "9", filename: "ok.png", type: type))) != nil {
                problems.append("type \(type.debugDescription) accepted")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        Hardening.report("comfy/names", [("payloads", payloads), ("jobs", cases.count), ("written_outside", 0),
                                         ("problems", problems.count)])
    }

    @Test func aHostileNameAmongGoodOutputsSkipsOnlyItself() async throws {
        // The fake reports every output of the job under the hostile names; a plain one
        // among them is fetched (and 404s, the fake wrote nothing), the hostile ones are not.
        let (record, changes, _) = try await runHostile([.init(filename: "../../.bashrc"), .init(filename: "fine.png")])
        #expect(changes.isEmpty, "\(changes)")
        let skipped = record.events.filter { if case .outputSkipped = $0 { return true } else { return false } }
        #expect(skipped.count >= 1)
    }

    /// Server text that reaches messages (node errors, exception messages, file names).
    static let hostileTexts = [
        "\u{1B}]0;pwned\u{07}", "\u{1B}[2J\u{1B}[H", "\u{9B}31m", "\u{9D}52;c;?\u{9C}", "a\u{202E}b\u{202D}c\u{2066}d\u{2069}",
        "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}\u{00AD}", "tags\u{E0001}\u{E0041}\u{E007F}", "\u{0}\u{07}\u{08}\r\n\t\u{7F}",
        "\u{2028}line\u{2029}para", "\u{061C}\u{200E}\u{200F}", String(repeating: "\u{1B}", count: 10_000),
    ]

    @Test func serverTextInMessagesIsInert() throws {
        for text in Self.hostileTexts {
            for shown in [TextSanitizer.oneLine("node failed: \(text) end"), TextSanitizer.quoted("x\(text).png")] {
                #expect(TerminalSanitizer.isInert(shown), "\(text.debugDescription.prefix(60)) → \(shown.debugDescription.prefix(120))")
                let hidden = shown.unicodeScalars.filter { TextSanitizer.isHidden($0) }
                #expect(hidden.isEmpty, "\(text.debugDescription.prefix(60)) → \(shown.debugDescription.prefix(120))")
            }
        }
        #expect(TextSanitizer.oneLine("a  \n b") == "a b")
        #expect(TextSanitizer.oneLine("👩‍💻 done") == "👩💻 done", "a joiner is dropped; the emoji stay")
    }
}

/// A thread-safe counter for body producers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = -1
    /// The next value, starting at 0.
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
