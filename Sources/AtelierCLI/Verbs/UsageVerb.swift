import Core
import Foundation
import Store

/// `atelier usage`: tokens, requests and estimated cost by day, provider and model.
public struct UsageVerb: Verb {
    public init() {}
    public let name = "usage"
    public let summary = "tokens and cost by day, provider and model"
    public let help = """
    Usage: atelier usage [--days N] [--json]

    Every model call Atelier made, summed by day, provider and model: requests, failures,
    tokens in and out (~ marks counts Atelier estimated because the server sent none),
    mean latency and estimated cost (from the registry's prices; local models are free).

    Options:
      --days N   only the last N days (default: everything)
      --json     one JSON object per row

    """

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: .init(flags: [["--json"]], options: [["--days"]]), verb: name)
        guard args.positionals.isEmpty else { throw CLIError.usage("takes no arguments", verb: name) }
        var since: Date?
        if let days = args.value("--days") {
            guard let count = Int(days), count > 0 else { throw CLIError.usage("--days takes a positive number", verb: name) }
            since = Calendar.current.date(byAdding: .day, value: -(count - 1), to: Calendar.current.startOfDay(for: Date()))
        }
        let config = try context.loadConfig()
        let rows = try await context.withStore(config) { try await $0.usageSummary(since: since) }
        if args.has("--json") {
            for row in rows { context.streams.out(JSONLines().line(row)) }
            return .success
        }
        guard !rows.isEmpty else {
            context.streams.err("No model calls recorded yet.\n")
            return .success
        }
        context.streams.out("day         provider/model                              calls  fail   tokens in   tokens out   mean s       cost\n")
        var totalCost = 0.0
        var totalIn = 0
        var totalOut = 0
        for row in rows {
            let mark = row.estimated ? "~" : " "
            let model = "\(row.provider):\(row.model)"
            let line = row.day.padding(toLength: 12, withPad: " ", startingAt: 0)
                + MessageFormatter.oneLine(model, limit: 42).padding(toLength: 42, withPad: " ", startingAt: 0)
                + String(format: "%6d %5d ", row.requests, row.failures)
                + mark + String(format: "%10d ", row.inputTokens) + mark + String(format: "%11d ", row.outputTokens)
                + Self.right(row.averageLatency.map { String(format: "%.2f", $0) } ?? "-", 8) + " "
                + Self.right(row.cost.map { String(format: "$%.4f", $0) } ?? "?", 10)
            context.streams.outUntrusted(line + "\n")
            totalCost += row.cost ?? 0
            totalIn += row.inputTokens
            totalOut += row.outputTokens
        }
        context.streams.out(String(format: "total: %d tokens in, %d tokens out, $%.4f\n", totalIn, totalOut, totalCost))
        return .success
    }

    static func right(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
    }
}
