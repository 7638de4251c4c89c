import Core
import Foundation

/// How team sessions are set up: the models (a default plus per-role overrides from the
/// config), the flow's limits, the template's defaults, the detection thresholds, the
/// sampling options, and the injected clock and seed that make runs reproducible.
/// A plain value; build one per process (from the config) and pass it to each session.
public struct TeamConfiguration: Sendable {
    /// The model of every role that `roleModels` does not name.
    public var defaultModel: ModelRef
    public var roleModels: [TeamRole: ModelRef]
    /// Rounds and review limits, and the template id; stored with each new session.
    public var settings: TeamSettings
    /// The workflow template's defaults: the base of every spec and the fallback.
    public var templateDefaults: GenerationSpec
    /// Template ids a spec may name; any other is replaced by the session's template.
    public var knownTemplateIDs: Set<String>
    /// Characters of conversation each specialist call carries (older turns are digested, then left out).
    public var contextBudget: Int
    /// Token-set Jaccard similarity at or above which a turn repeats the speaker's earlier one.
    public var repetitionThreshold: Double
    /// Share of new content words at or below which a turn brings no new ideas.
    public var noveltyThreshold: Double
    /// Sampling temperature of discussion turns (nil: the model's default).
    public var temperature: Double?
    /// Sampling temperature of Pixel's spec (JSON) turns.
    public var specTemperature: Double?
    /// Output limit of every turn (nil: the model's default).
    public var maxTokens: Int?
    /// Mixed with the session id and the spec version to pick seeds when Pixel asks for a random one.
    public var seed: UInt64
    /// The time written to the phase log, the spec versions and the record.
    public var clock: @Sendable () -> Date

    public init(defaultModel: ModelRef, roleModels: [TeamRole: ModelRef] = [:], settings: TeamSettings = TeamSettings(),
                templateDefaults: GenerationSpec = .sd15Defaults, knownTemplateIDs: Set<String> = [],
                contextBudget: Int = 6000, repetitionThreshold: Double = 0.8, noveltyThreshold: Double = 0.5,
                temperature: Double? = 0.8, specTemperature: Double? = 0.2, maxTokens: Int? = 600,
                seed: UInt64 = 0, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.defaultModel = defaultModel
        self.roleModels = roleModels
        self.settings = settings
        self.templateDefaults = templateDefaults
        self.knownTemplateIDs = knownTemplateIDs.union([settings.templateID, templateDefaults.templateID])
        self.contextBudget = max(500, contextBudget)
        self.repetitionThreshold = repetitionThreshold
        self.noveltyThreshold = noveltyThreshold
        self.temperature = temperature
        self.specTemperature = specTemperature
        self.maxTokens = maxTokens
        self.seed = seed
        self.clock = clock
    }

    /// The team roles of a config's `roles` map (`luna`, `frame`, ... in any case); other names are ignored.
    public static func roleModels(fromConfig roles: [String: ModelRef]) -> [TeamRole: ModelRef] {
        var models: [TeamRole: ModelRef] = [:]
        for (name, ref) in roles {
            if let role = TeamRole(rawValue: name.lowercased()) { models[role] = ref }
        }
        return models
    }

    /// A model for every role: `overrides`, then `roleModels`, then `defaultModel`.
    public func models(overriding overrides: [TeamRole: ModelRef] = [:]) -> [TeamRole: ModelRef] {
        var models: [TeamRole: ModelRef] = [:]
        for role in TeamRole.allCases {
            models[role] = overrides[role] ?? roleModels[role] ?? defaultModel
        }
        return models
    }
}
