import Foundation
import TestSupport
import Testing

/// Suite 1, migrations: SIGKILL while `atelier sessions list` opens a database that has only
/// migration 1 applied (or creates one from nothing). After each kill the file must be sound,
/// its `user_version` must match its tables exactly (each migration step is all or nothing),
/// the old data must be intact, and the next start must finish the migration. `make test`
/// runs 12 kills, `make crash-test` 100; half of those on an old file are "armed" on the
/// migration's first write to the -wal file.
@Suite struct HardeningMigrationKillTests {
    static func fileSize(_ path: String) -> Int64 {
        var info = stat()
        return stat(path, &info) == 0 ? Int64(info.st_size) : 0
    }

    @Test func sigkillWhileOpeningAndMigratingAnOldDatabase() async throws {
        let trials = Hardening.trials(fast: 12, full: 100)
        let closed = "http://127.0.0.1:\(try FakeHome.closedPort())/v1"
        var versions: [Int: Int] = [:]
        var problems: [String] = []
        var window = 0.15
        var armedTrials = 0
        var armedVersions: [Int: Int] = [:]
        for index in 0..<trials {
            let home = try HardeningHome.make(baseURL: closed)
            defer { home.remove() }
            let fresh = index % 4 == 3
            let title = "old session \(index) é"
            let answer = "an answer from before the upgrade, ü \(index)"
            if !fresh { try await RawDatabase.makeVersion1(at: home.databasePath, title: title, answer: answer) }
            let child = AtelierProcess(["sessions", "list"], home: home.path)
            let start = ContinuousClock.now
            try child.start()
            // The first trial runs to the end to measure how long opening and migrating
            // takes; the others are killed at a random moment inside that window.
            // Every other trial on an old file is "armed": it waits for the first byte the
            // migration writes to the -wal file, then kills within 0-3 ms, to land inside it.
            let armed = !fresh && index % 2 == 1
            let killAt = index == 0 ? 30.0 : Double.random(in: 0...window)
            var walSeenAt: Double?
            while child.process.isRunning {
                let now = Hardening.seconds(since: start)
                if armed {
                    if walSeenAt == nil, Self.fileSize(home.databasePath + "-wal") > 0 { walSeenAt = now }
                    if let seen = walSeenAt, now >= seen + Double.random(in: 0...0.003) { break }
                    if now > 10 { break }
                } else if now >= killAt {
                    break
                }
                try? await Task.sleep(for: .microseconds(200))
            }
            if index == 0 { window = max(0.02, Hardening.seconds(since: start) * 1.2) }
            if child.process.isRunning { kill(child.process.processIdentifier, SIGKILL) }
            if armed { armedTrials += 1 }
            _ = await child.wait(timeout: 10)
            if FileManager.default.fileExists(atPath: home.databasePath) {
                let snapshot = try RawDatabase.snapshot(home.databasePath)
                versions[snapshot.userVersion, default: 0] += 1
                if armed { armedVersions[snapshot.userVersion, default: 0] += 1 }
                if snapshot.integrity != ["ok"] { problems.append("\(index): integrity \(snapshot.integrity)") }
                for version in 1...RawDatabase.latestVersion {
                    let present = (RawDatabase.tablesAddedBy[version] ?? []).filter { snapshot.tables.contains($0) }
                    let wanted = snapshot.userVersion >= version ? RawDatabase.tablesAddedBy[version]?.count ?? 0 : 0
                    if present.count != wanted {
                        problems.append("\(index): user_version \(snapshot.userVersion) with \(present.count) tables of version \(version)")
                    }
                }
                if !fresh {
                    if snapshot.userVersion < 1 { problems.append("\(index): user_version went back to \(snapshot.userVersion)") }
                    let answers = snapshot.sessions(titled: title).flatMap { snapshot.messages(inSession: $0) }
                        .filter { $0.role == "assistant" }
                    if answers.map(\.content) != [Array(answer.utf8)] { problems.append("\(index): the old answer changed") }
                }
            } else {
                versions[-1, default: 0] += 1
                if !fresh { problems.append("\(index): the old database disappeared") }
            }
            // The next start migrates to the end and shows the old session.
            let next = try await AtelierProcess.run(["sessions", "list"], home: home.path)
            if next.status != 0 { problems.append("\(index): the next start failed: \(next.status) \(next.stderr)") }
            if !fresh && !next.stdout.contains(title) { problems.append("\(index): the old session is not listed") }
            let after = try RawDatabase.snapshot(home.databasePath)
            if after.userVersion != RawDatabase.latestVersion || after.integrity != ["ok"] {
                problems.append("\(index): after the next start user_version \(after.userVersion), \(after.integrity)")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        let histogram = { (counts: [Int: Int]) in
            counts.keys.sorted().map { "v\($0 < 0 ? "none" : String($0)):\(counts[$0] ?? 0)" }.joined(separator: ",")
        }
        Hardening.report("crash/migration", [("trials", trials), ("kill_window_ms", Int(window * 1000)),
                                             ("user_version_after_kill", histogram(versions)),
                                             ("armed_on_migration_write", armedTrials),
                                             ("armed_user_version_after_kill", histogram(armedVersions))])
    }
}
