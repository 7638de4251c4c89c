import Comfy
import Foundation
import Glibc
import Testing
import TestSupport

/// Suite 3, links: symbolic links planted in the generation folder before a save, and links
/// that appear while the body downloads (at every name Atelier might pick, in place of the
/// temporary file, in place of the folder itself). Nothing outside may change, no link may
/// be followed or published.
@Suite struct HardeningComfyLinkTests {
    static let png = PNGEncoder.solid(width: 8, height: 8, color: 0x123456)

    static func body(_ bytes: [UInt8], pieces: Int = 4) -> AsyncThrowingStream<[UInt8], Error> {
        OutputSaverTests.body(bytes, pieces: pieces)
    }

    @Test func plantedLinksInTheOutputFolderAreNeitherFollowedNorOverwritten() async throws {
        let arena = try HardeningArena()
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
        #expect(changes == ["added \(HardeningArena.generation)/image-004.png (file)"], "\(changes)")
    }

    @Test func linksThatAppearDuringTheDownloadAreNotFollowed() async throws {
        // After the first chunk, the attacker plants links at every name Atelier might pick,
        // replaces the temporary file by a link, and swaps the generation folder for a link.
        for attack in ["names", "temporary file", "folder"] {
            let arena = try HardeningArena()
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
            let changes = arena.tree.changes(since: before, allowing: [HardeningArena.generation, HardeningArena.generation + ".moved"])
            for change in changes where !change.contains(" " + HardeningArena.generation) {
                problems.append(change)
            }
            for sentinel in ["outside/image-001.png", "outside/passwd", ".bashrc"] {
                let text = try String(contentsOfFile: arena.root + "/" + sentinel, encoding: .utf8)
                if !text.hasPrefix("SENTINEL") { problems.append("\(sentinel) was overwritten") }
            }
            #expect(problems.isEmpty, "\(attack): \(problems)")
        }
    }

    /// Carries out one attack inside the generation folder.
    static func attack(_ kind: String, folder: String, arena: HardeningArena) {
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
