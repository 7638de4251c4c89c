@testable import Comfy
import Core
import Foundation
import Glibc
import Net
import Testing
import TestSupport

/// Suite 3, the bodies: `/view` answers that never end, lie about their length or make no
/// sense, from a raw loopback server, saved through the real client and `OutputSaver`
/// with a 1 MiB cap. Nothing may be written outside the generation folder, no partial or
/// temporary file may stay behind, the disk use stays under the cap, and each answer ends
/// in a clear error (or, for a body longer than its length, in a file of the declared size).
@Suite struct HardeningComfyBodyTests {
    static let cap = 1 << 20
    static let png = PNGEncoder.solid(width: 8, height: 8, color: 0x654321)

    /// A `/view` answer: the head's length field (nil: chunked) and the body's shape.
    enum Answer: Sendable, CustomTestStringConvertible {
        case endlessChunked
        case endlessCloseDelimited
        case lengthLongerThanBody(declared: Int, sent: Int)
        case lengthShorterThanBody(declared: Int, sent: Int)
        case lengthAboveTheCap(String)
        case lengthNotANumber(String)

        var testDescription: String { "\(self)" }
    }

    static let answers: [Answer] = [
        .endlessChunked, .endlessCloseDelimited,
        .lengthLongerThanBody(declared: 5000, sent: 300), .lengthLongerThanBody(declared: 1 << 20, sent: 64),
        .lengthShorterThanBody(declared: 100, sent: 5000),
        .lengthAboveTheCap("2097152"), .lengthAboveTheCap("1000000000000000"), .lengthAboveTheCap("99999999999999999999999"),
        .lengthNotANumber("-1"), .lengthNotANumber("abc"), .lengthNotANumber("12, 12"), .lengthNotANumber(""),
    ]

    /// The raw bytes of a response head.
    static func head(_ length: String?) -> [UInt8] {
        var text = "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\n"
        text += length.map { "Content-Length: \($0)\r\n" } ?? "Transfer-Encoding: chunked\r\n"
        return Array((text + "\r\n").utf8)
    }

    /// PNG-looking bytes of a length.
    static func bytes(_ count: Int) -> [UInt8] {
        Array((png + [UInt8](repeating: 0x41, count: max(0, count - png.count))).prefix(count))
    }

    static func serve(_ answer: Answer, _ writer: HTTPServerResponseWriter) {
        switch answer {
        case .endlessChunked:
            writer.writeHead(status: 200, headers: [("Content-Type", "image/png")], mode: .chunked)
            _ = writer.write(png)
            let block = [UInt8](repeating: 0x41, count: 64 << 10)
            while writer.write(block) {}
        case .endlessCloseDelimited:
            let block = [UInt8](repeating: 0x41, count: 64 << 10)
            guard writer.writeRaw(Array("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n".utf8) + png) else { return }
            while writer.writeRaw(block) {}
        case .lengthLongerThanBody(let declared, let sent):
            writer.writeRaw(head(String(declared)) + bytes(sent))
            writer.abort()
        case .lengthShorterThanBody(let declared, let sent):
            writer.writeRaw(head(String(declared)) + bytes(sent))
            writer.abort()
        case .lengthAboveTheCap(let length), .lengthNotANumber(let length):
            writer.writeRaw(head(length) + bytes(4096))
            writer.abort()
        }
    }

    @Test(arguments: answers)
    func hostileBodiesAreCappedRefusedOrCutAndLeaveNothingBehind(answer: Answer) async throws {
        let arena = try HardeningArena()
        defer { arena.remove() }
        let server = try LoopbackHTTPServer { _, writer in Self.serve(answer, writer) }
        defer { server.stop() }
        let comfy = ComfyClient(endpoint: ComfyEndpoint(server.baseURL), clientID: "hardening",
                                timeouts: HTTPTimeouts(connect: 2, firstByte: 10, stall: 10))
        let saver = OutputSaver(dataDirectory: arena.data, maxBytes: Self.cap)
        let before = arena.tree
        let start = ContinuousClock.now
        var saved: SavedOutput?
        var failure: ComfyError?
        do {
            saved = try await saver.save(OutputFile(node: "9", filename: "x.png"), session: "s", generation: "g", client: comfy)
        } catch {
            failure = error
        }
        let seconds = start.duration(to: .now)
        #expect(seconds < .seconds(20), "\(answer): \(seconds)")
        let changes = arena.tree.changes(since: before, allowing: [HardeningArena.generation])
        let added = arena.tree.entries.filter { before.entries[$0.key] == nil && $0.value.type == "file" }
        #expect(changes.allSatisfy { $0.hasPrefix("added \(HardeningArena.generation)") }, "\(answer): \(changes)")
        #expect(arena.tree.fileBytes - before.fileBytes <= Int64(Self.cap), "\(answer): the disk use stays under the cap")
        #expect(!added.keys.contains { $0.contains(".partial") }, "\(answer): a temporary file stayed behind")
        switch answer {
        case .lengthShorterThanBody(let declared, _):
            // The server said 100 bytes: those are what is saved, under Atelier's own name.
            #expect(saved?.bytes == Int64(declared), "\(answer): \(String(describing: failure))")
            #expect(added.count == 1)
        case .lengthNotANumber("12, 12"):
            // A list of equal values is one length (RFC 9110): 12 bytes, saved as such.
            #expect(saved?.bytes == 12, "\(answer): \(String(describing: failure))")
        case .lengthNotANumber:
            // libcurl refuses the head itself: a failure, whatever its kind, and no file.
            #expect(saved == nil && failure != nil && added.isEmpty, "\(answer)")
            #expect(failure.map { TerminalSanitizer.isInert($0.message) } ?? false)
        default:
            #expect(saved == nil, "\(answer): saved \(String(describing: saved?.path))")
            #expect(added.isEmpty, "\(answer): \(added.keys.sorted())")
            #expect(failure?.kind == .outputFailed, "\(answer): \(String(describing: failure))")
            #expect(failure.map { TerminalSanitizer.isInert($0.message) } ?? false)
        }
    }
}
