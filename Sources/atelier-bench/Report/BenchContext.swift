import Foundation

/// What every measure gets: the options, where the binaries are, a scratch directory of
/// its own, and a progress line on standard error. A plain value shared by the measures.
struct BenchContext: Sendable {
    let options: BenchOptions
    /// This executable (re-run with `--serve-fake` for the fake server child).
    let benchBinary: String
    /// The `atelier` binary built next to this one.
    let atelierBinary: String
    /// A fresh directory for this run's databases and homes, removed at the end.
    let scratch: String

    var quick: Bool { options.quick }

    /// Finds the binaries and makes the scratch directory under `$TMPDIR`.
    static func make(_ options: BenchOptions) throws -> BenchContext {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let directory = (exe as NSString).deletingLastPathComponent
        let tmp = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        let scratch = (tmp as NSString).appendingPathComponent("atelier-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        return BenchContext(options: options, benchBinary: exe,
                            atelierBinary: (directory as NSString).appendingPathComponent("atelier"), scratch: scratch)
    }

    /// A new empty directory inside the scratch directory.
    func directory(_ name: String) throws -> String {
        let path = (scratch as NSString).appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// One progress line on standard error (never on standard output, which holds the report).
    func log(_ message: String) {
        FileHandle.standardError.write(Data("· \(message)\n".utf8))
    }

    /// Starts a fake server child for `spec`.
    func fakeServer(_ spec: FakeServerSpec) async throws -> FakeServerProcess {
        try await FakeServerProcess.start(spec, benchBinary: benchBinary)
    }

    /// Runs `body` with a fake server child for `spec`, stopping the child afterwards
    /// whether `body` returns or throws.
    func withFakeServer<T>(_ spec: FakeServerSpec, _ body: (FakeServerProcess) async throws -> T) async throws -> T {
        let server = try await fakeServer(spec)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}
