/// A generation spec as a model wrote it: every field optional, read leniently. Keys are
/// matched ignoring case, `_`, `-` and spaces, with common aliases (`prompt` for
/// `positive`, `cfg_scale`/`guidance` for `cfg`, `model`/`ckpt` for `checkpoint`,
/// `sampler_name`, `template`/`workflow` for `template_id`, `size`/`resolution` as
/// `"768x512"` or `[768, 512]`); numbers may be strings (`"20"`, `"7.5"`); a prompt may
/// be an array of phrases; one wrapping object (`{"spec": {...}}`) is looked into.
/// A seed of -1 or `"random"` asks for a random seed (`randomSeed`). A plain value.
public struct GenerationSpecDraft: Sendable, Hashable, Decodable {
    public var templateID: String?
    public var checkpoint: String?
    public var sampler: String?
    public var scheduler: String?
    public var steps: Int?
    public var cfg: Double?
    public var width: Int?
    public var height: Int?
    public var seed: Int?
    public var positive: String?
    public var negative: String?
    /// The model asked for a random seed, or gave none.
    public var randomSeed: Bool { seed == nil }

    public init() {}

    /// True when no field was recognised.
    public var isEmpty: Bool {
        templateID == nil && checkpoint == nil && sampler == nil && scheduler == nil && steps == nil && cfg == nil
            && width == nil && height == nil && seed == nil && positive == nil && negative == nil
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let fields = try container.decode([String: LenientJSONValue].self)
        self.init(fields: fields)
    }

    init(fields: [String: LenientJSONValue]) {
        var nested: [String: LenientJSONValue]?
        for (key, value) in fields {
            let name = Self.normalise(key)
            if Self.wrapperKeys.contains(name), case .object(let inner) = value { nested = inner }
            apply(name, value)
        }
        if let nested {
            // The wrapped object fills what the top level left out.
            let inner = GenerationSpecDraft(fields: nested)
            merge(inner)
        }
    }

    /// The complete spec: the draft's values over `defaults`, clamped. A random seed
    /// request takes `randomSeed` (or the defaults' seed when none is given).
    public func resolved(over defaults: GenerationSpec, randomSeed chosen: Int? = nil) -> GenerationSpec {
        GenerationSpec(templateID: templateID ?? defaults.templateID, checkpoint: checkpoint ?? defaults.checkpoint,
                       sampler: sampler ?? defaults.sampler, scheduler: scheduler ?? defaults.scheduler,
                       steps: steps ?? defaults.steps, cfg: cfg ?? defaults.cfg, width: width ?? defaults.width,
                       height: height ?? defaults.height, seed: seed ?? chosen ?? defaults.seed,
                       positive: positive ?? defaults.positive, negative: negative ?? defaults.negative)
            .clamped(defaults: defaults)
    }

    static let wrapperKeys: Set<String> = ["spec", "generationspec", "generation", "parameters", "params", "settings"]

    static func normalise(_ key: String) -> String {
        key.lowercased().filter { $0 != "_" && $0 != "-" && $0 != " " }
    }

    private mutating func apply(_ name: String, _ value: LenientJSONValue) {
        switch name {
        case "templateid", "template", "workflow", "workflowtemplate", "workflowid":
            templateID = templateID ?? value.text
        case "checkpoint", "model", "ckpt", "ckptname", "checkpointname":
            checkpoint = checkpoint ?? value.text
        case "sampler", "samplername":
            sampler = sampler ?? value.text
        case "scheduler", "schedulername":
            scheduler = scheduler ?? value.text
        case "steps", "numsteps", "samplingsteps":
            steps = steps ?? value.integer
        case "cfg", "cfgscale", "guidance", "guidancescale":
            cfg = cfg ?? value.number
        case "width", "w":
            width = width ?? value.integer
        case "height", "h":
            height = height ?? value.integer
        case "size", "resolution", "dimensions":
            if let (w, h) = Self.size(value) {
                width = width ?? w
                height = height ?? h
            }
        case "seed":
            if let number = value.integer, number >= 0 { seed = seed ?? number }
        case "positive", "prompt", "positiveprompt":
            positive = positive ?? value.text
        case "negative", "negativeprompt":
            negative = negative ?? value.text
        default:
            break
        }
    }

    private mutating func merge(_ other: GenerationSpecDraft) {
        templateID = templateID ?? other.templateID
        checkpoint = checkpoint ?? other.checkpoint
        sampler = sampler ?? other.sampler
        scheduler = scheduler ?? other.scheduler
        steps = steps ?? other.steps
        cfg = cfg ?? other.cfg
        width = width ?? other.width
        height = height ?? other.height
        seed = seed ?? other.seed
        positive = positive ?? other.positive
        negative = negative ?? other.negative
    }

    /// `"768x512"`, `"768 × 512"`, `[768, 512]` or `{"width": 768, "height": 512}`.
    static func size(_ value: LenientJSONValue) -> (Int, Int)? {
        switch value {
        case .string(let text):
            let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" || $0 == "*" || $0 == "," })
            guard parts.count == 2,
                  let w = LenientJSONValue.string(String(parts[0])).integer,
                  let h = LenientJSONValue.string(String(parts[1])).integer else { return nil }
            return (w, h)
        case .array(let items):
            guard items.count == 2, let w = items[0].integer, let h = items[1].integer else { return nil }
            return (w, h)
        case .object(let fields):
            let draft = GenerationSpecDraft(fields: fields)
            guard let w = draft.width, let h = draft.height else { return nil }
            return (w, h)
        default:
            return nil
        }
    }
}
