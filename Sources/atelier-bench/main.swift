import AtelierCLI
import Foundation

// atelier-bench: issue 6's benchmark. `--serve-fake` is the fake server child it starts
// itself; anything else is a benchmark run (see BenchOptions.usage).
let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "--serve-fake" {
    FakeServerChild.run(Array(arguments.dropFirst()))
}
if arguments.contains("--help") || arguments.contains("-h") {
    print(BenchOptions.usage, terminator: "")
    exit(0)
}
let options: BenchOptions
let context: BenchContext
do {
    options = try BenchOptions(arguments: arguments)
    context = try BenchContext.make(options)
} catch {
    FileHandle.standardError.write(Data("atelier-bench: \(error)\n".utf8))
    exit(2)
}
let started = Date()
// The main thread waits on a semaphore instead of `await`ing at top level: valgrind 3.19
// crashes when the main thread parks in libdispatch's sigsuspend (top-level await) while
// the cooperative pool starts a thread, and callgrind is how this binary is profiled.
let rows = RowsBox.wait { await BenchSuite.run(context) }
try? FileManager.default.removeItem(atPath: context.scratch)
let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
let header = "atelier-bench \(AtelierVersion.string)\(options.quick ? " (quick smoke run: not the table's numbers)" : "")"
    + " — \(ProcessInfo.processInfo.activeProcessorCount) cores, load average \(load) at the end"
if options.json {
    let facts: [String: Any] = [
        "version": AtelierVersion.string, "quick": options.quick, "started": ISO8601DateFormatter().string(from: started),
        "cores": ProcessInfo.processInfo.activeProcessorCount, "load_average_at_end": load,
    ]
    print(BenchReport.json(rows, facts: facts, judging: !options.quick), terminator: "")
} else {
    print(BenchReport.table(rows, header: header, judging: !options.quick), terminator: "")
}
exit(rows.contains { $0.verdict == "failed" } ? 1 : 0)

/// Carries the rows from the benchmark's task to the main thread, which waits for them.
final class RowsBox: @unchecked Sendable {
    private var rows: [BenchRow] = []
    private let done = DispatchSemaphore(value: 0)

    static func wait(_ work: @escaping @Sendable () async -> [BenchRow]) -> [BenchRow] {
        let box = RowsBox()
        Task.detached {
            box.rows = await work()
            box.done.signal()
        }
        box.done.wait()
        return box.rows
    }
}
