import Foundation
import Testing
@testable import Store

/// Changes the process umask: serialized, and it is the only suite that touches it.
@Suite(.serialized) struct FileModeTests {
    private func mode(_ path: String) throws -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw StoreError(.file, code: errno, message: "no \(path)") }
        return info.st_mode & 0o7777
    }

    @Test func filesArePrivateEvenUnderPermissiveUmask() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.databasePath
        let previous = umask(0)
        let opened: Result<Store, any Error> = Result { try Store(path: path) }
        umask(previous)
        let store = try opened.get()
        let session = try await store.createSession(kind: .chat, title: "modes")
        _ = try await store.insertMessage(sessionID: session.id, role: .user, speaker: "you", content: "hello")

        #expect(try mode((path as NSString).deletingLastPathComponent) == 0o700)
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-wal") == 0o600)
        #expect(try mode(path + "-shm") == 0o600)
        try await store.close()
    }

    @Test func tightensLooseExistingFiles() async throws {
        let dir = try TemporaryDirectory()
        let path = dir.path("loose.db")
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        let store = try Store(path: path)
        #expect(try mode(path) == 0o600)
        try await store.close()
    }

    @Test func refusesSymlinkInPlaceOfDatabase() throws {
        let dir = try TemporaryDirectory()
        let target = dir.path("elsewhere.db")
        let link = dir.path("atelier.db")
        #expect(FileManager.default.createFile(atPath: target, contents: nil))
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let error = try #require(throws: StoreError.self) { try Store(path: link) }
        #expect(error.kind == .file)
        #expect(error.message.contains("symbolic link"))
    }
}
