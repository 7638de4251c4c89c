import Comfy
import Core
import Engine
import Foundation
import Store

/// The commands of `atelier chorus` on a stored group (`rerun`, `cancel`, `export`,
/// `delete`), and following a group as it runs (shared with a new group). A plain value
/// made for one command on the verb's task.
struct ChorusCommands {
    let wiring: ChorusWiring
    let context: CLIContext
    let json: Bool

    func run(_ command: String, groupID: Int64) async throws -> ExitCode {
        let config = try context.loadConfig()
        switch command {
        case "rerun":
            let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
            let mode = await Self.headlessMode(config, context: context)
            return try await context.withRunStore(config) { store in
                let chorus = wiring.makeChorus(store: store, directory: catalog, config: config, mode: mode)
                let group = try await chorus.rerunFailed(groupID: groupID)
                return try await Self.follow(group, printer: ChorusPrinter(streams: context.streams, json: json, estimate: nil),
                                             images: Self.images(chorus, store: store, context: context, json: json))
            }
        case "cancel":
            return try await context.withRunStore(config, beforeRecovery: { store in
                try await Self.cancelStored(groupID: groupID, store: store)
            }) { store in
                guard let detail = try await store.chorusGroupDetail(id: groupID) else { throw ChorusError.noSuchGroup(groupID) }
                if json {
                    context.streams.out(JSONLines().line(detail))
                } else {
                    context.streams.out("Chorus group \(groupID) is \(detail.group.status.rawValue)"
                                        + " (\(detail.stats.done) done, \(detail.stats.failed) failed).\n")
                }
                return .success
            }
        case "export":
            let data = try await context.withRunStore(config) { store in
                try await ChorusExport.make(groupID: groupID, store: store).encoded()
            }
            context.streams.outUntrusted(String(decoding: data, as: UTF8.self) + "\n")
            return .success
        default:
            let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
            let paths = try await context.withRunStore(config) { store in
                try await wiring.makeChorus(store: store, directory: catalog, config: config).delete(groupID: groupID)
            }
            let removed = Self.removeFiles(paths, dataDirectory: config.paths.dataDirectory)
            context.streams.out("Deleted chorus group \(groupID)"
                                + (paths.isEmpty ? "" : " and \(removed) of its \(paths.count) files") + ".\n")
            return .success
        }
    }

    /// Prints a running group's events; with `images`, waits for every ComfyUI job and
    /// prints each artist's image (the `--json` `finished` line comes after them); then its
    /// end. The exit code of the outcome (the artists'; images do not change it, except an
    /// interrupted wait: 130).
    static func follow(_ group: ChorusGroupRun, printer: ChorusPrinter, images: ChorusImages? = nil) async throws -> ExitCode {
        let trap = SignalTrap { _ in group.cancel() }
        var finished: ChorusEvent?
        for await event in group.events {
            if case .finished = event, images != nil {
                finished = event
                continue
            }
            printer.show(event)
        }
        trap.cancel()
        var detail = try await group.result()
        var interrupted = false
        if let images {
            // A group the person cancelled takes its images with it.
            if detail.group.status == .cancelled { images.sink.cancelAll() }
            interrupted = await images.waitForAll(detail)
            detail = try await images.store.chorusGroupDetail(id: detail.group.id) ?? detail
            let records = try await images.records(detail)
            printer.images(detail, records: records)
            let queued = detail.runs.compactMap { run in records[run.id].flatMap { $0.generation.status == .queued ? $0.generation.id : nil } }
            if let hint = ChorusImages.queuedHint(queued) { images.streams.err("atelier chorus: \(hint)\n") }
            if finished != nil { printer.show(.finished(detail)) }
        }
        printer.end(detail)
        if interrupted { return .interrupted }
        switch detail.group.status {
        case .cancelled:
            return .interrupted
        case .complete where detail.stats.done > 0 || detail.stats.total == 0:
            return .success
        case .complete, .failed, .interrupted, .running, .synthesizing:
            let first = detail.runs.first { $0.status == .failed }?.error ?? detail.group.note ?? "no artist answered"
            throw CLIError("no artist answered (first: \(MessageFormatter.oneLine(first, limit: 200)))",
                           code: printer.failureCode)
        }
    }

    /// The brush mode of a headless group: paint when ComfyUI answers, else record each image
    /// prompt queued, saying so on standard error once, before the artists start.
    static func headlessMode(_ config: ResolvedConfig, context: CLIContext) async -> ChorusWiring.BrushMode {
        let (mode, failure) = await ChorusWiring.headlessMode(config)
        if let failure {
            context.streams.errUntrusted("atelier chorus: \(failure.message)\n")
            context.streams.err("atelier chorus: the artists still answer; each image prompt is recorded as a queued generation "
                                + "(send it later with `atelier generations send ID`).\n")
        }
        return mode
    }

    /// What waits for the chorus's images: its brush when it is the ComfyUI one.
    static func images(_ chorus: Chorus, store: Store, context: CLIContext, json: Bool) -> ChorusImages? {
        guard let sink = chorus.sink as? ComfyGenerationSink else { return nil }
        return ChorusImages(sink: sink, store: store, streams: context.streams, json: json)
    }

    /// A group that is not running here: its queued and generating runs end `failed`
    /// ("cancelled") and the group `cancelled`. A finished group is left as it is.
    static func cancelStored(groupID: Int64, store: Store) async throws {
        guard let detail = try await store.chorusGroupDetail(id: groupID) else { throw ChorusError.noSuchGroup(groupID) }
        guard !detail.group.status.isTerminal else { return }
        for run in detail.runs where !run.status.isTerminal {
            try await store.setChorusRunStatus(runID: run.id, status: .failed, stage: run.stage, error: "cancelled")
        }
        try await store.setChorusGroupStatus(groupID: groupID, status: .cancelled, note: "cancelled")
    }

    /// Removes the group's recorded files that lie inside the data directory (relative paths
    /// are taken from it); returns how many were removed.
    static func removeFiles(_ paths: [String], dataDirectory: String) -> Int {
        let root = URL(fileURLWithPath: dataDirectory).standardizedFileURL.path
        var removed = 0
        for path in paths {
            let full = path.hasPrefix("/") ? path : (dataDirectory as NSString).appendingPathComponent(path)
            let standard = URL(fileURLWithPath: full).standardizedFileURL.path
            guard standard.hasPrefix(root + "/") else { continue }
            if (try? FileManager.default.removeItem(atPath: standard)) != nil { removed += 1 }
        }
        return removed
    }
}
