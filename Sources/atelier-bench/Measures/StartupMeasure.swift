/// Measure 3: start-up. Spawns the release `atelier --version` again and again and reads
/// each run's wall time (spawn to reaping) and peak RSS (`wait4`). The studio's first
/// frame needs the studio and is reported by `StudioMeasure`.
struct StartupMeasure: BenchMeasure {
    let name = "startup"
    let section = 3

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let runs = context.options.runs(full: 20, quick: 3)
        let binary = context.atelierBinary
        let home = try context.directory("startup-home")
        let environment = ["PATH": "/usr/bin:/bin", "HOME": home, "ATELIER_HOME": home, "LANG": "C.UTF-8"]
        var wall: [Double] = []
        var rss: [Double] = []
        for index in 0...(2 * runs) {
            // Odd runs time the start (a blocking wait); even runs sample the peak RSS (polling).
            let sampling = index > 0 && index % 2 == 0
            let exit = try await Blocking.run {
                try ChildProcess(path: binary, arguments: ["--version"], environment: environment).wait(samplingPeakRSS: sampling)
            }
            guard exit.code == 0 else { throw BenchError("atelier --version exited with \(exit.code.map(String.init) ?? "a signal")") }
            if index == 0 { continue }   // the first run warms the page cache
            if sampling { rss.append(exit.usage.peakRSSBytes / 1_048_576) } else { wall.append(exit.wallSeconds * 1000) }
        }
        return [
            .measured("version_wall", "`atelier --version`", Samples(wall), unit: .milliseconds, target: .atMost(20),
                      note: "spawn to exit of the release binary, warm page cache."),
            .measured("version_peak_rss", "`atelier --version` peak RSS", Samples(rss), unit: .megabytes,
                      note: "the child's VmHWM, polled every 0.5 ms (wait4's ru_maxrss is inflated by the spawning process)."),
        ]
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [BenchRow(id: "version_wall", measure: "`atelier --version`", unit: .milliseconds, target: .atMost(20),
                  outcome: .failed(message))]
    }
}
