@testable import Comfy
import Core
import Foundation
import Glibc
import Testing
import TestSupport

@Suite struct OutputSaverTests {
    static let hostileNames = ["../../x", "/etc/passwd", "a/../../b", "..", ".", "", "a\u{0}b.png", "..\\..\\x.png", "a\\b.png",
                               String(repeating: "n", count: 5000) + ".png", "\u{1b}[31mred.png", "bell\u{7}.png", "x\u{202E}gnp.exe",
                               "sub/name.png"]
    static let hostileSubfolders = ["../x", "/abs", "a/../b", "a\\b", "a//b", "..", "x\u{0}", "\u{1b}]0;title\u{7}"]

    static func body(_ bytes: [UInt8], pieces: Int = 3) -> AsyncThrowingStream<[UInt8], Error> {
        AsyncThrowingStream { continuation in
            let size = max(1, bytes.count / pieces)
            var offset = 0
            while offset < bytes.count {
                continuation.yield(Array(bytes[offset..<min(bytes.count, offset + size)]))
                offset += size
            }
            continuation.finish()
        }
    }

    static let png = PNGEncoder.solid(width: 4, height: 4, color: 0x336699)

    func mode(_ path: String) -> mode_t {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_mode & 0o777 : 0
    }

    @Test(arguments: hostileNames)
    func hostileFileNamesAreRefusedAndNothingIsWritten(name: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let saver = OutputSaver(dataDirectory: folder.path + "/data")
        let file = OutputFile(node: "9", filename: name)
        let error = await #expect(throws: ComfyError.self) {
            _ = try await saver.save(body: Self.body(Self.png), declaredLength: nil, contentType: "image/png", source: file,
                                     session: "s", generation: "g")
        }
        #expect(error?.kind == .unsafeOutputName)
        #expect(error?.message.contains("nothing was fetched") == true)
        #expect(error?.message.contains("\u{1b}") == false)
        #expect(error?.message.contains("\u{0}") == false)
        #expect((error?.message.utf8.count ?? 0) < 600)
        #expect(folder.files().isEmpty)
    }

    @Test(arguments: hostileSubfolders)
    func hostileSubfoldersAreRefused(subfolder: String) {
        #expect(throws: ComfyError.self) { try OutputNameCheck.check(OutputFile(node: "1", filename: "a.png", subfolder: subfolder)) }
    }

    @Test func ordinaryNamesPass() throws {
        try OutputNameCheck.check(OutputFile(node: "1", filename: "ComfyUI_00001_.png"))
        try OutputNameCheck.check(OutputFile(node: "1", key: "audio", filename: "atelier_00001_.flac", subfolder: "audio"))
        try OutputNameCheck.check(OutputFile(node: "1", filename: "été 01.png", subfolder: "a/b"))
        #expect(throws: ComfyError.self) { try OutputNameCheck.check(OutputFile(node: "1", filename: "a.png", type: "../output")) }
    }

    @Test func savesWithItsOwnNamePrivateModesAndHash() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let saver = OutputSaver(dataDirectory: folder.path + "/data")
        let saved = try await saver.save(body: Self.body(Self.png), declaredLength: Self.png.count, contentType: "application/octet-stream",
                                         source: OutputFile(node: "9", filename: "whatever.exe"), session: "s1", generation: "g1")
        #expect(saved.name == "image-001.png")
        #expect(saved.relativePath == "generations/s1/g1/image-001.png")
        #expect(saved.path == folder.path + "/data/generations/s1/g1/image-001.png")
        #expect(saved.bytes == Int64(Self.png.count) && saved.mediaType == .image && saved.contentType == "image/png")
        #expect(saved.sha256 == SHA256Hasher.hex(Self.png))
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: saved.path))) == Self.png)
        #expect(mode(saved.path) == 0o600)
        for directory in ["data/generations", "data/generations/s1", "data/generations/s1/g1"] {
            #expect(mode(folder.path + "/" + directory) == 0o700, "\(directory)")
        }
        #expect(folder.files() == ["data/generations/s1/g1/image-001.png"])
    }

    @Test func neverOverwritesAndSkipsPlantedSymlinkNames() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let saver = OutputSaver(dataDirectory: folder.path)
        let directory = try saver.generationDirectory(session: "s", generation: "g")
        try "OLD".write(toFile: directory + "/image-001.png", atomically: false, encoding: .utf8)
        let outside = folder.path + "/outside.txt"
        try "SECRET".write(toFile: outside, atomically: false, encoding: .utf8)
        #expect(symlink(outside, directory + "/image-002.png") == 0)
        let saved = try await saver.save(body: Self.body(Self.png), declaredLength: nil, contentType: "image/png",
                                         source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
        #expect(saved.name == "image-003.png")
        #expect(try String(contentsOfFile: directory + "/image-001.png", encoding: .utf8) == "OLD")
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "SECRET")
    }

    @Test(arguments: ["generations", "generations/s", "generations/s/g"])
    func aPlantedSymlinkedFolderIsNotFollowed(level: String) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let data = folder.path + "/data"
        let elsewhere = folder.path + "/elsewhere"
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let parent = (data + "/" + level as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        #expect(symlink(elsewhere, data + "/" + level) == 0)
        let saver = OutputSaver(dataDirectory: data)
        let error = await #expect(throws: ComfyError.self) {
            _ = try await saver.save(body: Self.body(Self.png), declaredLength: nil, contentType: "image/png",
                                     source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
        }
        #expect(error?.message.contains("symbolic link") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
    }

    @Test func theSizeCapRefusesDeclaredAndEndlessBodies() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let saver = OutputSaver(dataDirectory: folder.path, maxBytes: 1000)
        let big = PNGEncoder.signature + [UInt8](repeating: 0, count: 5000)
        let declared = await #expect(throws: ComfyError.self) {
            _ = try await saver.save(body: Self.body(big), declaredLength: big.count, contentType: "image/png",
                                     source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
        }
        #expect(declared?.message.contains("more than the 1000 allowed") == true)
        let endless = await #expect(throws: ComfyError.self) {
            _ = try await saver.save(body: Self.body(big, pieces: 10), declaredLength: nil, contentType: "image/png",
                                     source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
        }
        #expect(endless?.message.contains("larger than the 1000 bytes allowed") == true)
        let cut = await #expect(throws: ComfyError.self) {
            _ = try await saver.save(body: Self.body(Self.png), declaredLength: Self.png.count + 10, contentType: "image/png",
                                     source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
        }
        #expect(cut?.message.contains("cut short") == true)
        #expect(folder.files().isEmpty)
    }

    @Test func typesComeFromBytesOrAListedContentTypeOnly() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let saver = OutputSaver(dataDirectory: folder.path)
        let wav = WAVEncoder.tone(seconds: 0.01)
        let audio = try await saver.save(body: Self.body(wav), declaredLength: nil, contentType: "text/html",
                                         source: OutputFile(node: "9", key: "audio", filename: "a.flac"), session: "s", generation: "g")
        #expect(audio.name == "audio-001.wav" && audio.mediaType == .audio)
        let flac = try await saver.save(body: Self.body(Array("fLaC".utf8) + [0, 0, 0, 34]), declaredLength: nil, contentType: nil,
                                        source: OutputFile(node: "9", key: "audio", filename: "a.flac"), session: "s", generation: "g")
        #expect(flac.name == "audio-001.flac")
        let video = try await saver.save(body: Self.body(MP4Encoder.empty()), declaredLength: nil, contentType: "video/mp4",
                                         source: OutputFile(node: "12", filename: "v.mp4", animated: true), session: "s", generation: "g")
        #expect(video.name == "video-001.mp4" && video.mediaType == .video)
        let unknown = await #expect(throws: ComfyError.self) {
            _ = try await saver.save(body: Self.body(Array("<html>".utf8)), declaredLength: nil, contentType: "text/html",
                                     source: OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g")
        }
        #expect(unknown?.message.contains("not an image, video or audio file") == true)
        #expect(folder.files() == ["generations/s/g/audio-001.flac", "generations/s/g/audio-001.wav", "generations/s/g/video-001.mp4"])
    }

    @Test func sessionAndGenerationMustBePlainNames() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let saver = OutputSaver(dataDirectory: folder.path)
        #expect(throws: ComfyError.self) { try saver.generationDirectory(session: "..", generation: "g") }
        #expect(throws: ComfyError.self) { try saver.generationDirectory(session: "s", generation: "a/b") }
    }
}
