import Foundation
import TestSupport
import Testing

/// Suite 5, the running process: while `atelier ask` streams a 3 s answer with both canary
/// keys, a sampler thread reads its command line (what `ps` shows) and the live database
/// files every 20 ms: they must never hold a key. Its core-size limit must be 0 (soft and
/// hard) and its `coredump_filter` 0. The environment, which does hold the key, proves the
/// sampler would see one.
@Suite struct HardeningSecretsProcessTests {
    @Test func theCommandLineNeverHoldsTheKeyAndCoreDumpsAreOff() async throws {
        let world = try HardeningSecretsTests.World()
        defer { world.home.remove() }
        world.envServer.defaultBehaviour = .generated(tokens: 60).paced(tokensPerSecond: 20)
        let child = AtelierProcess(["ask", "sample me"], home: world.home.path, environment: world.environment)
        try child.start()
        let sampler = ProcessSampler(pid: child.process.processIdentifier, files: ["", "-wal", "-shm"].map { world.home.databasePath + $0 })
        while child.process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        let found = sampler.stop()
        let result = await child.wait()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(found.commandLines >= 5)
        #expect(found.fileReads >= 5)
        #expect(found.leaks == 0, "a canary in the command line or the live database files")
        #expect(found.environmentHeldKey, "the sampler can see a key where one is: the environment holds it")
        let coreLine = found.limits.split(separator: "\n").first { $0.hasPrefix("Max core file size") } ?? ""
        let fields = coreLine.split(separator: " ").map(String.init)
        #expect(fields.suffix(3).prefix(2) == ["0", "0"], "\(coreLine)")
        #expect(found.filter == "00000000", "coredump_filter \(found.filter)")
        Hardening.report("secrets/process", [("cmdline_samples", found.commandLines), ("database_file_samples", found.fileReads),
                                             ("leaks", found.leaks), ("core_limit", fields.suffix(3).prefix(2).joined(separator: "/")),
                                             ("coredump_filter", found.filter)])
    }
}

/// Samples a running process from a thread of its own (so a busy cooperative pool cannot
/// starve it): /proc/<pid>/cmdline, environ, limits, coredump_filter and some files, every
/// 20 ms, until `stop()`. Thread-safe.
final class ProcessSampler: @unchecked Sendable {
    struct Findings: Sendable {
        var commandLines = 0
        var fileReads = 0
        var leaks = 0
        var environmentHeldKey = false
        /// The last non-empty readings (the first ones may predate `main`).
        var limits = ""
        var filter = ""
    }

    private let lock = NSLock()
    private var findings = Findings()
    private var running = true

    init(pid: Int32, files: [String]) {
        let thread = Thread { [self] in
            while lock.withLock({ running }) {
                sample(pid: pid, files: files)
                usleep(20_000)
            }
        }
        thread.start()
    }

    /// Stops sampling and returns what was seen.
    func stop() -> Findings {
        lock.withLock {
            running = false
            return findings
        }
    }

    private func sample(pid: Int32, files: [String]) {
        var next = lock.withLock { findings }
        if let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"), !cmdline.isEmpty {
            next.commandLines += 1
            if HardeningSecretsTests.leaks([UInt8](cmdline)) { next.leaks += 1 }
        }
        if let environ = FileManager.default.contents(atPath: "/proc/\(pid)/environ"), HardeningSecretsTests.leaks([UInt8](environ)) {
            next.environmentHeldKey = true
        }
        if let text = try? String(contentsOfFile: "/proc/\(pid)/limits", encoding: .utf8), text.contains("core") {
            next.limits = text
        }
        if let text = try? String(contentsOfFile: "/proc/\(pid)/coredump_filter", encoding: .utf8) {
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if !trimmed.isEmpty { next.filter = trimmed }
        }
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            next.fileReads += 1
            if HardeningSecretsTests.leaks([UInt8](data)) { next.leaks += 1 }
        }
        lock.withLock { if running { findings = next } }
    }
}
