/// The parent's handle on a fake server child (`atelier-bench --serve-fake ...`): starts
/// it, learns its port, and stops it by closing its standard input. Owned by one measure
/// at a time; `start` and `stop` wait off the cooperative pool.
final class FakeServerProcess: Sendable {
    let spec: FakeServerSpec
    let port: Int
    private let child: ChildProcess

    private init(spec: FakeServerSpec, port: Int, child: ChildProcess) {
        self.spec = spec
        self.port = port
        self.child = child
    }

    /// The OpenAI-compatible base URL (`http://127.0.0.1:<port>/v1`).
    var baseURL: String { "http://127.0.0.1:\(port)/v1" }

    /// Starts a child serving `spec`; throws when it does not report a port.
    static func start(_ spec: FakeServerSpec, benchBinary: String) async throws -> FakeServerProcess {
        try await Blocking.run {
            let child = try ChildProcess(path: benchBinary, arguments: ["--serve-fake"] + spec.words,
                                         environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
                                         stdin: .pipe, stdout: .pipe, stderr: .inherit)
            guard let line = child.readLine(), line.hasPrefix("port "), let port = Int(line.dropFirst(5)) else {
                child.terminate()
                _ = child.wait()
                throw BenchError("the fake server child did not start")
            }
            return FakeServerProcess(spec: spec, port: port, child: child)
        }
    }

    /// Stops the child and returns its own resource usage (the server's CPU).
    @discardableResult
    func stop() async -> ResourceUsage? {
        let child = self.child
        return try? await Blocking.run {
            child.closeStdin()
            return child.wait().usage
        }
    }
}
