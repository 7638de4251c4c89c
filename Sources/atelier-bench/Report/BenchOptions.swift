/// The command line of `atelier-bench`, parsed. A plain value.
///
///     atelier-bench [--quick] [--json] [--runs N] [--only NAME,...] [--cache DIR]
struct BenchOptions: Sendable {
    /// A small, fast run that proves every measure still works (CI); its numbers are not the table's.
    var quick = false
    var json = false
    /// Overrides every measure's number of runs.
    var runs: Int?
    /// Only these measures (see `BenchSuite.names`); nil: all.
    var only: Set<String>?
    /// Where generated databases are kept between runs.
    var cacheDirectory = ".build/bench-cache"

    static let usage = """
        Usage: atelier-bench [--quick] [--json] [--runs N] [--only NAME,...] [--cache DIR]

        Measures Atelier against loopback fake servers and prints a table (or, with --json,
        one JSON document). Build it in release mode first: `make bench` does both.

          --quick        a small smoke run (seconds): proves every measure works; not the table's numbers
          --json         one JSON document with every sample
          --runs N       runs per measure (default: each measure's own, 3 to 20)
          --only NAMES   comma-separated: \(BenchSuite.names.joined(separator: ", "))
          --cache DIR    where the generated history database is kept (default .build/bench-cache)

        """

    init() {}

    /// Parses the arguments (without argv[0]); throws a `BenchError` with the usage for mistakes.
    init(arguments: [String]) throws {
        var rest = arguments[...]
        while let word = rest.popFirst() {
            switch word {
            case "--quick": quick = true
            case "--json": json = true
            case "--runs":
                guard let text = rest.popFirst(), let value = Int(text), value > 0 else {
                    throw BenchError("--runs takes a positive number\n\n" + Self.usage)
                }
                runs = value
            case "--only":
                guard let text = rest.popFirst() else { throw BenchError("--only takes measure names\n\n" + Self.usage) }
                let names = Set(text.split(separator: ",").map(String.init))
                let unknown = names.subtracting(BenchSuite.names)
                guard unknown.isEmpty else {
                    throw BenchError("unknown measure \(unknown.sorted().joined(separator: ", "))\n\n" + Self.usage)
                }
                only = names
            case "--cache":
                guard let text = rest.popFirst() else { throw BenchError("--cache takes a directory\n\n" + Self.usage) }
                cacheDirectory = text
            default:
                throw BenchError("unknown argument \(word)\n\n" + Self.usage)
            }
        }
    }

    /// The runs for a measure whose full run uses `full` and quick run `quick`.
    func runs(full: Int, quick quickRuns: Int) -> Int {
        runs ?? (quick ? quickRuns : full)
    }
}
