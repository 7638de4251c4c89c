extension Store {
    /// Runs `PRAGMA integrity_check` and returns its lines: `["ok"]` for a sound file.
    /// For `atelier doctor` and the crash-safety tests.
    public func integrityCheck() throws -> [String] {
        try database().query("PRAGMA integrity_check") { $0.text(0) }
    }
}
