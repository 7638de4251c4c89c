import Core
import Engine
import Foundation
import Store

/// How `atelier chorus` builds its `Chorus`: the brush (the `GenerationSink` every image
/// prompt goes through, made per store by `makeSink`), the concurrency limits (each
/// provider's `max_concurrent` from the config) and the brush settings of a new group.
///
/// The default brush records each image prompt as a `pending` generation; the ComfyUI
/// wiring replaces `makeSink` with a sink that submits it. A plain value; any task.
public struct ChorusWiring: Sendable {
    /// Makes the brush for an open store and the resolved configuration.
    public var makeSink: @Sendable (Store, ResolvedConfig) -> any GenerationSink
    /// Calls in flight over every provider at once.
    public var globalLimit: Int

    public init(makeSink: @escaping @Sendable (Store, ResolvedConfig) -> any GenerationSink = { store, _ in
                    PendingGenerationSink(store: store)
                },
                globalLimit: Int = 4) {
        self.makeSink = makeSink
        self.globalLimit = globalLimit
    }

    /// The chorus for one command: this wiring's brush, the config's per-provider limits.
    public func makeChorus(store: Store, directory: any ModelDirectory, config: ResolvedConfig) -> Chorus {
        let limits = Dictionary(uniqueKeysWithValues: config.providers.map { ($0.key, $0.value.maxConcurrent) })
        let settings = ChorusSettings(globalLimit: globalLimit, providerLimits: limits)
        return Chorus(store: store, directory: directory, sink: makeSink(store, config), settings: settings)
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
