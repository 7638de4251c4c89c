import Foundation
import Glibc
import TestSupport

/// The `--serve-fake` mode: this binary, started by the benchmark as a child process, runs
/// the TestSupport OpenAI-compatible fake on a loopback port, prints `port <n>` on
/// standard output, and serves until its standard input closes (the parent is done or
/// gone). Keeping the server in another process keeps its CPU out of the measured one.
/// Runs on the main thread and never returns.
enum FakeServerChild {
    static func run(_ words: [String]) -> Never {
        let spec: FakeServerSpec
        let server: FakeOpenAIServer
        do {
            spec = try FakeServerSpec(words: words)
            server = try FakeOpenAIServer(flavour: .openAI, models: spec.models, defaultBehaviour: spec.behaviour)
        } catch {
            FileHandle.standardError.write(Data("atelier-bench --serve-fake: \(error)\n".utf8))
            exit(2)
        }
        let line = Array("port \(server.port)\n".utf8)
        _ = line.withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
        var byte: UInt8 = 0
        while true {
            let count = read(0, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 { break }
        }
        server.stop()
        exit(0)
    }
}
