import AtelierCLI
import Foundation
import Store
import UI

/// Measure 5: a big history. Generates (once, cached under `--cache`) a database of
/// 1,000,000 messages in 10,000 sessions, then times what the studio needs from it: open
/// the store and read the last session's latest page (its first frame, not drawn yet),
/// page back through 1,000 messages, and full-text search for a rare and a common word;
/// and reports the file's size. The page cache is warm (the file was just read), as it
/// is for a person reopening the studio.
struct HistoryMeasure: BenchMeasure {
    let name = "history"
    let section = 5
    static let pageSize = 100

    func run(_ context: BenchContext) async throws -> [BenchRow] {
        let generator = context.quick
            ? HistoryGenerator(sessions: 100, messages: 10_000, lastSessionMessages: 1_200)
            : HistoryGenerator(sessions: 10_000, messages: 1_000_000, lastSessionMessages: 2_000)
        let runs = context.options.runs(full: 10, quick: 2)
        try FileManager.default.createDirectory(atPath: context.options.cacheDirectory, withIntermediateDirectories: true)
        let path = generator.path(in: context.options.cacheDirectory)
        if !FileManager.default.fileExists(atPath: path) {
            context.log("  generating \(generator.messages) messages in \(generator.sessions) sessions (cached for next time)")
            let watch = CPUStopwatch()
            try await generator.generate(at: path) { context.log($0) }
            context.log("  generated in \(Int(watch.wallSeconds)) s")
        }
        let scale = generator.messages >= 1_000_000 ? "1M" : "\(generator.messages / 1000)k"
        _ = try await openAndReadLatest(path)   // warm-up (and a migration, if the schema moved on)
        var open: [Double] = []
        for _ in 0..<runs { open.append(try await openAndReadLatest(path) * 1000) }
        _ = try await openAndDraw(path)
        var drawn: [Double] = []
        for _ in 0..<runs { drawn.append(try await openAndDraw(path) * 1000) }

        let store = try Store(path: path)
        var paging: [Double] = []
        var rare: [Double] = []
        var common: [Double] = []
        do {
            for _ in 0..<runs { paging.append(try await pageBack(store, messages: 1_000) * 1000) }
            for _ in 0..<runs {
                rare.append(try await timedSearch(store, HistoryGenerator.rareWord, expect: HistoryGenerator.rareCount) * 1000)
                common.append(try await timedSearch(store, HistoryGenerator.commonWord, expect: 20) * 1000)
            }
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
        let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.doubleValue ?? 0
        return [
            .measured("history_open_latest_page", "\(scale)-message database: open + latest page (not drawn)",
                      Samples(open), unit: .milliseconds, target: .atMost(100),
                      note: "Store(path:), lastSession(), messages(limit: \(Self.pageSize)); the next row also draws it. "
                          + "Warm page cache."),
            .measured("history_open_first_frame", "\(scale)-message database: open + first frame (drawn)",
                      Samples(drawn), unit: .milliseconds, target: .atMost(100),
                      note: "Store(path:), lastSession(), the studio's page of \(Self.studioPage) messages, "
                          + "update(.sessionOpened) and render into a 100×30 cell buffer, as the studio opens a session."),
            .measured("history_page_back_1000", "\(scale)-message database: page back through 1,000 messages",
                      Samples(paging), unit: .milliseconds, note: "\(1_000 / Self.pageSize) pages of \(Self.pageSize), by id."),
            .measured("history_fts_rare", "FTS search over \(scale) messages, rare word", Samples(rare),
                      unit: .milliseconds, target: .atMost(50), note: "\"\(HistoryGenerator.rareWord)\", in 3 messages."),
            .measured("history_fts_common", "FTS search over \(scale) messages, common word", Samples(common),
                      unit: .milliseconds, target: .atMost(50),
                      note: "\"\(HistoryGenerator.commonWord)\", in about a third of the messages; "
                          + "the best 20 by rank among the newest 2,000 matches."),
            .measured("history_file_size", "\(scale)-message database file size", Samples([size / 1_048_576]),
                      unit: .megabytes, note: "about \(Int(size / Double(generator.messages))) bytes a message, "
                          + "both full-text indexes (words and trigrams) included."),
        ]
    }

    /// Seconds to open the store and read the newest page of the most recent session.
    private func openAndReadLatest(_ path: String) async throws -> Double {
        let start = ContinuousClock.now
        let store = try Store(path: path)
        guard let session = try await store.lastSession() else { throw BenchError("the history has no session") }
        let page = try await store.messages(sessionID: session.id, limit: Self.pageSize)
        let elapsed = start.duration(to: .now).benchSeconds
        try await store.close()
        guard page.count == Self.pageSize else { throw BenchError("the last session's page has \(page.count) messages") }
        return elapsed
    }

    /// The page the studio loads when it opens a session (`EngineBridge.openSession`).
    static let studioPage = 500

    /// Seconds to open the store, read the last session as the studio does, fold it into a
    /// fresh `AppState` and render the first frame. Checks the frame shows the newest message.
    private func openAndDraw(_ path: String) async throws -> Double {
        let start = ContinuousClock.now
        let store = try Store(path: path)
        guard let session = try await store.lastSession() else { throw BenchError("the history has no session") }
        let messages = try await store.messages(sessionID: session.id, limit: Self.studioPage)
        var state = AppState(size: Size(width: 100, height: 30))
        _ = update(&state, .sessionOpened(SessionSnapshot(id: session.id, title: session.title,
                                                          messages: messages.map(StudioEventMapping.threadMessage))))
        let frame = render(state, state.size)
        let elapsed = start.duration(to: .now).benchSeconds
        try await store.close()
        // The newest message ends at the bottom of the conversation: its last word is on screen.
        let lastWord = messages.last?.content.split(whereSeparator: \.isWhitespace).last.map(String.init) ?? ""
        guard !lastWord.isEmpty, frame.lines().joined(separator: "\n").contains(lastWord) else {
            throw BenchError("the drawn first frame does not show the newest message's last word \"\(lastWord)\"")
        }
        return elapsed
    }

    /// Seconds to read `messages` messages of the last session backwards, page by page.
    private func pageBack(_ store: Store, messages: Int) async throws -> Double {
        guard let session = try await store.lastSession() else { throw BenchError("the history has no session") }
        var before = try await store.messages(sessionID: session.id, limit: Self.pageSize).first?.id
        let start = ContinuousClock.now
        var read = 0
        while read < messages {
            let page = try await store.messages(sessionID: session.id, limit: Self.pageSize, beforeID: before)
            guard let first = page.first else { throw BenchError("the last session ran out after \(read) messages") }
            read += page.count
            before = first.id
        }
        return start.duration(to: .now).benchSeconds
    }

    private func timedSearch(_ store: Store, _ word: String, expect: Int) async throws -> Double {
        let start = ContinuousClock.now
        let hits = try await store.search(word, limit: 20)
        let elapsed = start.duration(to: .now).benchSeconds
        guard hits.count == expect else { throw BenchError("searching \(word) found \(hits.count), not \(expect)") }
        return elapsed
    }

    func failedRows(_ message: String) -> [BenchRow] {
        [
            BenchRow(id: "history_open_latest_page", measure: "1M-message database: open + latest page (not drawn)",
                     unit: .milliseconds, target: .atMost(100), outcome: .failed(message)),
            BenchRow(id: "history_fts_common", measure: "FTS search over 1M messages", unit: .milliseconds,
                     target: .atMost(50), outcome: .failed(message)),
        ]
    }
}
