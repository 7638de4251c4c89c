import Core
import Foundation
import Store

extension CLIContext {
    /// Opens the database for a verb that starts or reads runs (`team`, `debate`, `chorus`,
    /// `runs`): message recovery runs at open, then runs a dead process left unfinished are
    /// marked `interrupted` (`Store.recoverInterruptedRuns`). `beforeRecovery` runs first,
    /// for a command whose own marking must win (cancelling a group of another process).
    /// The store is closed whether `body` succeeds or throws.
    public func withRunStore<T>(_ config: ResolvedConfig, beforeRecovery: ((Store) async throws -> Void)? = nil,
                                _ body: (Store) async throws -> T) async throws -> T {
        try await withStore(config) { store in
            if let beforeRecovery { try await beforeRecovery(store) }
            try await store.recoverInterruptedRuns()
            return try await body(store)
        }
    }
}

/// Small parsing helpers shared by the run verbs. Stateless.
public enum VerbArguments {
    /// A positive id (`7`); a usage error naming `what` otherwise.
    public static func id(_ text: String?, what: String, verb: String) throws -> Int64 {
        guard let text, let id = Int64(text), id > 0 else {
            throw CLIError.usage("\(what) must be a positive number", verb: verb)
        }
        return id
    }

    /// Every value of a repeatable option, each split at commas, trimmed, empty parts dropped:
    /// `-m a,b -m c` is `[a, b, c]`.
    public static func commaList(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// The positionals joined with spaces and trimmed; a usage error when there is nothing.
    public static func prompt(_ positionals: [String], verb: String) throws -> String {
        let text = positionals.joined(separator: " ").trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw CLIError.usage("give a prompt", verb: verb) }
        return text
    }

    /// A whole number of at least `minimum`; a usage error naming the option otherwise.
    public static func number(_ text: String?, default value: Int, minimum: Int = 0, option: String,
                              verb: String) throws -> Int {
        guard let text else { return value }
        guard let number = Int(text), number >= minimum else {
            throw CLIError.usage("\(option) takes a whole number of at least \(minimum)", verb: verb)
        }
        return number
    }
}
