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
    /// A temporary root with sentinels; the saver's data folder is `root/data`.
    struct Arena {
        let root: String
        var data: String { root + "/data" }
        var outside: String { root + "/outside" }
        /// The generation folder the tests use: session `s`, generation `g`.
        static let generation = "data/generations/s/g"

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("comfy-hardening-\(UUID().uuidString)").path
            for folder in ["", "/data", "/data/generations", "/data/generations/s", "/outside", "/home"] {
                try FileManager.default.createDirectory(atPath: root + folder, withIntermediateDirectories: true)
            }
            for file in [".bashrc", "data/.bashrc", "data/generations/.bashrc", "data/generations/s/.bashrc",
                         "outside/passwd", "outside/image-001.png", "home/.bashrc", "b", "data/b"] {
                try Data("SENTINEL \(file)\n".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
            }
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }

        var tree: HardeningTree { HardeningTree(root) }
    }

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
        let arena = try Arena()
        defer { arena.remove() }
        let fake = try FakeComfyServer()
        defer { fake.stop() }
        fake.update { $0.hostileOutputs = names }
        let before = arena.tree
        let passwd = HardeningTree("/etc").entries["passwd"]
        let runner = GenerationRunner(client: client(for: fake), saver: OutputSaver(dataDirectory: arena.data),
                                      options: testRunnerOptions())
        let record = await collect(runner.start(try request("probe-modelfree", session: "s", generation: "g")))
        let changes = arena.tree.changes(since: before, allowing: [Arena.generation])
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

    static let png = PNGEncoder.solid(width: 8, height: 8, color: 0x123456)

    static func body(_ bytes: [UInt8], pieces: Int = 4) -> AsyncThrowingStream<[UInt8], Error> {
        OutputSaverTests.body(bytes, pieces: pieces)
    }

    @Test func plantedLinksInTheOutputFolderAreNeitherFollowedNorOverwritten() async throws {
        let arena = try Arena()
        defer { arena.remove() }
        let saver = OutputSaver(dataDirectory: arena.data)
        let folder = try saver.generationDirectory(session: "s", generation: "g")
        for number in 1...3 {
            #expect(symlink(arena.outside + "/image-001.png", folder + "/image-00\(number).png") == 0)
        }
        #expect(symlink(arena.root + "/.bashrc", folder + "/video-001.mp4") == 0)
        let before = arena.tree
        let saved = try await saver.save(body: Self.body(Self.png), declaredLength: nil, contentType: "image/png",
                                         source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
        #expect(saved.name == "image-004.png")
        #expect(try Self.isRegularFile(saved.path))
        let changes = arena.tree.changes(since: before)
        #expect(changes == ["added \(Arena.generation)/image-004.png (file)"], "\(changes)")
    }

    @Test func linksThatAppearDuringTheDownloadAreNotFollowed() async throws {
        // After the first chunk, the attacker plants links at every name Atelier might pick,
        // replaces the temporary file by a link, and swaps the generation folder for a link.
        for attack in ["names", "temporary file", "folder"] {
            let arena = try Arena()
            defer { arena.remove() }
            let saver = OutputSaver(dataDirectory: arena.data)
            let folder = try saver.generationDirectory(session: "s", generation: "g")
            let before = arena.tree
            let chunks = stride(from: 0, to: Self.png.count, by: 16).map { Array(Self.png[$0..<min($0 + 16, Self.png.count)]) }
            let next = Counter()
            let body = AsyncThrowingStream<[UInt8], Error> {
                let index = next.increment()
                if index == 1 { Self.attack(attack, folder: folder, arena: arena) }
                return index < chunks.count ? chunks[index] : nil
            }
            var problems: [String] = []
            do {
                let saved = try await saver.save(body: body, declaredLength: nil, contentType: "image/png",
                                                 source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
                if attack == "temporary file" { problems.append("a replaced temporary file was published as \(saved.name)") }
                var info = stat()
                let landed = attack == "folder" ? folder + ".moved/" + saved.name : saved.path
                if lstat(landed, &info) != 0 || (info.st_mode & S_IFMT) != S_IFREG {
                    problems.append("the saved entry \(landed) is not a regular file")
                } else if let data = FileManager.default.contents(atPath: landed), [UInt8](data) != Self.png {
                    problems.append("the saved file does not hold the download")
                }
            } catch {
                let message = error.message
                if attack != "temporary file" || !message.contains("replaced during the download") {
                    problems.append("failed: \(message)")
                }
            }
            // The attack itself changes the generation folder (links planted, the folder
            // moved); anything else that changed is a failure.
            let changes = arena.tree.changes(since: before, allowing: [Arena.generation, Arena.generation + ".moved"])
            for change in changes where !change.contains(" " + Arena.generation) {
                problems.append(change)
            }
            for sentinel in ["outside/image-001.png", "outside/passwd", ".bashrc"] {
                let text = try String(contentsOfFile: arena.root + "/" + sentinel, encoding: .utf8)
                if !text.hasPrefix("SENTINEL") { problems.append("\(sentinel) was overwritten") }
            }
            #expect(problems.isEmpty, "\(attack): \(problems)")
        }
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

    /// Carries out one attack inside the generation folder.
    static func attack(_ kind: String, folder: String, arena: Arena) {
        switch kind {
        case "names":
            for number in 1...9 {
                _ = symlink(arena.outside + "/image-001.png", folder + "/image-00\(number).png")
            }
        case "temporary file":
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            for name in names where name.hasPrefix(".partial") {
                _ = unlink(folder + "/" + name)
                _ = symlink(arena.outside + "/image-001.png", folder + "/" + name)
            }
        default:
            _ = rename(folder, folder + ".moved")
            _ = symlink(arena.outside, folder)
        }
    }

    static func isRegularFile(_ path: String) throws -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
    }
}

/// A thread-safe counter for body producers.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = -1
    /// The next value, starting at 0.
    func increment() -> Int { lock.withLock { value += 1; return value } }
}
