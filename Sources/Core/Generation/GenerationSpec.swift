/// What the team hands to the generation layer: one image generation described as a
/// workflow template id and its parameters. Independent of ComfyUI: the template id is a
/// plain string that the ComfyUI layer maps to a workflow file and its bindings.
///
/// Invariants: every value is within `Limits` (`clamped()` enforces them, and decoding
/// always clamps); names hold no control characters; width and height are multiples of 8.
/// Encoded with snake_case keys (`template_id`, `checkpoint`, `sampler`, `scheduler`,
/// `steps`, `cfg`, `width`, `height`, `seed`, `positive`, `negative`); decoding is lenient
/// (see `GenerationSpecDraft`): numbers given as strings, aliases, missing fields from
/// `sd15Defaults`. A plain value.
public struct GenerationSpec: Sendable, Hashable, Codable {
    public var templateID: String
    public var checkpoint: String
    public var sampler: String
    public var scheduler: String
    public var steps: Int
    public var cfg: Double
    public var width: Int
    public var height: Int
    public var seed: Int
    public var positive: String
    public var negative: String

    public init(templateID: String = GenerationSpec.defaultTemplateID, checkpoint: String, sampler: String,
                scheduler: String, steps: Int, cfg: Double, width: Int, height: Int, seed: Int,
                positive: String, negative: String) {
        self.templateID = templateID
        self.checkpoint = checkpoint
        self.sampler = sampler
        self.scheduler = scheduler
        self.steps = steps
        self.cfg = cfg
        self.width = width
        self.height = height
        self.seed = seed
        self.positive = positive
        self.negative = negative
    }

    /// The template a spec targets when nothing else is said.
    public static let defaultTemplateID = "sd15-txt2img"

    /// The defaults of the `sd15-txt2img` template (Stable Diffusion 1.5, 512×512).
    public static let sd15Defaults = GenerationSpec(
        templateID: defaultTemplateID, checkpoint: "v1-5-pruned-emaonly.safetensors", sampler: "euler",
        scheduler: "normal", steps: 20, cfg: 7, width: 512, height: 512, seed: 0, positive: "",
        negative: "blurry, low quality, deformed, watermark, text")

    /// The sane ranges every spec is held to.
    public enum Limits {
        public static let steps = 1...150
        public static let cfg = 1.0...30.0
        public static let size = 64...2048
        public static let seed = 0...4_294_967_295
        /// Characters kept of the positive and negative prompts.
        public static let promptLength = 4000
        /// Characters kept of the template, checkpoint, sampler and scheduler names.
        public static let nameLength = 200
    }

    /// The spec with every value brought within `Limits` and every text cleaned; an
    /// unusable name (empty after cleaning) or a non-finite cfg takes `defaults`' value.
    public func clamped(defaults: GenerationSpec = .sd15Defaults) -> GenerationSpec {
        var spec = self
        spec.templateID = SpecText.identifier(templateID) ?? SpecText.identifier(defaults.templateID) ?? Self.defaultTemplateID
        spec.checkpoint = SpecText.name(checkpoint) ?? defaults.checkpoint
        spec.sampler = SpecText.samplerName(sampler) ?? defaults.sampler
        spec.scheduler = SpecText.samplerName(scheduler) ?? defaults.scheduler
        spec.steps = min(max(steps, Limits.steps.lowerBound), Limits.steps.upperBound)
        let finiteCFG = cfg.isFinite ? cfg : defaults.cfg
        spec.cfg = min(max(finiteCFG, Limits.cfg.lowerBound), Limits.cfg.upperBound)
        spec.width = Self.clampSize(width)
        spec.height = Self.clampSize(height)
        spec.seed = min(max(seed, Limits.seed.lowerBound), Limits.seed.upperBound)
        spec.positive = SpecText.prompt(positive)
        spec.negative = SpecText.prompt(negative)
        return spec
    }

    /// The template's defaults with a prompt of one's own: the fallback spec.
    public static func fallback(defaults: GenerationSpec, positive: String, seed: Int) -> GenerationSpec {
        var spec = defaults
        spec.positive = positive
        spec.seed = seed
        return spec.clamped(defaults: defaults)
    }

    static func clampSize(_ value: Int) -> Int {
        let bounded = min(max(value, Limits.size.lowerBound), Limits.size.upperBound)
        return bounded / 8 * 8
    }

    enum CodingKeys: String, CodingKey {
        case templateID = "template_id"
        case checkpoint, sampler, scheduler, steps, cfg, width, height, seed, positive, negative
    }

    /// Lenient: see `GenerationSpecDraft`. Missing values come from `sd15Defaults`; a
    /// random seed request (-1) becomes 0.
    public init(from decoder: any Decoder) throws {
        let draft = try GenerationSpecDraft(from: decoder)
        self = draft.resolved(over: .sd15Defaults)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(templateID, forKey: .templateID)
        try container.encode(checkpoint, forKey: .checkpoint)
        try container.encode(sampler, forKey: .sampler)
        try container.encode(scheduler, forKey: .scheduler)
        try container.encode(steps, forKey: .steps)
        try container.encode(cfg, forKey: .cfg)
        try container.encode(width, forKey: .width)
        try container.encode(height, forKey: .height)
        try container.encode(seed, forKey: .seed)
        try container.encode(positive, forKey: .positive)
        try container.encode(negative, forKey: .negative)
    }
}
