import Comfy
import Core
import Engine
import Foundation
import Net
import Store

/// How `atelier chorus` (and the studio's `/chorus`) builds its `Chorus`: the brush (the
/// `GenerationSink` every image prompt goes through, made per store by `makeSink`), the
/// concurrency limits (each provider's `max_concurrent` from the config) and the brush
/// settings of a new group.
///
/// The default brush is a `ComfyGenerationSink` over the config's ComfyUI: `.paint` sends
/// each image prompt as a job in the background (the studio waits for an unreachable
/// ComfyUI for ever, so the job stays queued until it answers); `.queueOnly`, chosen by the
/// headless verb when ComfyUI did not answer its probe, records each one `queued` for
/// `atelier generations send`. A plain value; any task.
public struct ChorusWiring: Sendable {
    /// How the brush reaches ComfyUI. A plain value.
    public enum BrushMode: Sendable, Hashable {
        /// Send every image prompt; wait this long for an unreachable ComfyUI (nil: for ever).
        case paint(waitSeconds: Double?)
        /// ComfyUI does not answer: record every image prompt as a queued generation.
        case queueOnly
    }

    /// Makes the brush for an open store, the resolved configuration and the mode.
    public var makeSink: @Sendable (Store, ResolvedConfig, BrushMode) -> any GenerationSink
    /// Calls in flight over every provider at once.
    public var globalLimit: Int

    public init(makeSink: @escaping @Sendable (Store, ResolvedConfig, BrushMode) -> any GenerationSink = ChorusWiring.comfySink,
                globalLimit: Int = 4) {
        self.makeSink = makeSink
        self.globalLimit = globalLimit
    }

    /// The painting brush: a `ComfyGenerationSink` over the config's ComfyUI and workflows.
    @Sendable public static func comfySink(store: Store, config: ResolvedConfig, mode: BrushMode) -> any GenerationSink {
        switch mode {
        case .paint(let waitSeconds):
            return ComfyGenerationSink(service: GenerationWiring.service(config, store: store, waitSeconds: waitSeconds))
        case .queueOnly:
            return ComfyGenerationSink(service: GenerationWiring.service(config, store: store, waitSeconds: 0),
                                       completion: .leaveQueued)
        }
    }

    /// The chorus for one command: this wiring's brush in `mode`, the config's per-provider limits.
    public func makeChorus(store: Store, directory: any ModelDirectory, config: ResolvedConfig,
                           mode: BrushMode = .paint(waitSeconds: nil)) -> Chorus {
        let limits = Dictionary(uniqueKeysWithValues: config.providers.map { ($0.key, $0.value.maxConcurrent) })
        let settings = ChorusSettings(globalLimit: globalLimit, providerLimits: limits)
        return Chorus(store: store, directory: directory, sink: makeSink(store, config, mode), settings: settings)
    }

    /// The mode for a headless command: `.paint` (failing at once if ComfyUI goes away
    /// later) when ComfyUI answers `/system_stats` within a few seconds, else `.queueOnly`
    /// with the reason (ComfyUI's message: the URL and the fix).
    public static func headlessMode(_ config: ResolvedConfig) async -> (BrushMode, ComfyError?) {
        let client = GenerationWiring.client(config, timeouts: HTTPTimeouts(connect: 3, firstByte: 5, stall: 5))
        do {
            _ = try await client.systemStats()
            return (.paint(waitSeconds: 0), nil)
        } catch {
            return (.queueOnly, error)
        }
    }

    /// The workflow a group paints with when none is named.
    public static let defaultWorkflow = GenerationSpec.defaultTemplateID

    /// The fixed brush of a new group: the workflow, and one seed for every artist (taken
    /// from the prompt's SHA-256, so the same prompt paints with the same seed and only the
    /// artist varies). The workflow's own defaults fill the other parameters at generation.
    public static func brush(workflowID: String, prompt: String) -> BrushSettings {
        let hex = SHA256Hasher.hex(prompt).prefix(8)
        let seed = UInt32(hex, radix: 16) ?? 0
        return BrushSettings(workflowID: workflowID, parameters: ["seed": .number(Double(seed))])
    }
}
