/// The node classes the fake ComfyUI knows, with their inputs as ComfyUI's `nodes.py` and
/// `comfy_extras` define them: enough to validate the shipped workflows and the recorded
/// fixtures, answer `/object_info`, and decide what a job does (samplers report progress,
/// save nodes write files). Combo lists that depend on installed files (checkpoints, text
/// encoders, input images) come from the fake's state. A plain value.
struct FakeNodeCatalog {
    /// One input's type and constraints.
    enum Spec {
        case int(min: Int64, max: UInt64, defaultValue: Int64)
        case float(min: Double, max: Double, defaultValue: Double)
        case string(defaultValue: String)
        case boolean(defaultValue: Bool)
        /// A choice list; `v3` sends it in the `["COMBO", {"options": [...]}]` form.
        case combo([String], v3: Bool)
        /// A link of this type (MODEL, CLIP, IMAGE, ...).
        case link(String)
    }

    /// One node class.
    struct NodeClass {
        var name: String
        var required: [(String, Spec)]
        var optional: [(String, Spec)] = []
        var outputs: [String] = []
        var isOutput = false
        /// Where its files go in the UI dict: "images", "audio"; video saves list "images" with animated.
        var outputKind: String?
        var category = "fake"
    }

    var classes: [String: NodeClass]

    init(checkpoints: [String], textEncoders: [String], inputFiles: [String], samplers: [String], schedulers: [String]) {
        let maxResolution: Int64 = 16_384
        let seedMax = UInt64.max
        func int(_ min: Int64, _ max: Int64, _ defaultValue: Int64) -> Spec { .int(min: min, max: UInt64(max), defaultValue: defaultValue) }
        func float(_ min: Double, _ max: Double, _ defaultValue: Double) -> Spec { .float(min: min, max: max, defaultValue: defaultValue) }
        let list: [NodeClass] = [
            NodeClass(name: "CheckpointLoaderSimple", required: [("ckpt_name", .combo(checkpoints, v3: false))], outputs: ["MODEL", "CLIP", "VAE"]),
            NodeClass(name: "CLIPLoader", required: [("clip_name", .combo(textEncoders, v3: false)),
                                                     ("type", .combo(["stable_diffusion", "stable_cascade", "sd3", "stable_audio", "mochi", "ltxv"], v3: false))],
                      optional: [("device", .combo(["default", "cpu"], v3: false))], outputs: ["CLIP"]),
            NodeClass(name: "CLIPTextEncode", required: [("text", .string(defaultValue: "")), ("clip", .link("CLIP"))], outputs: ["CONDITIONING"]),
            NodeClass(name: "EmptyLatentImage", required: [("width", int(16, maxResolution, 512)), ("height", int(16, maxResolution, 512)),
                                                           ("batch_size", int(1, 4096, 1))], outputs: ["LATENT"]),
            NodeClass(name: "EmptyImage", required: [("width", int(1, maxResolution, 512)), ("height", int(1, maxResolution, 512)),
                                                     ("batch_size", int(1, 4096, 1)), ("color", int(0, 0xFFFFFF, 0))], outputs: ["IMAGE"]),
            NodeClass(name: "ImageInvert", required: [("image", .link("IMAGE"))], outputs: ["IMAGE"]),
            NodeClass(name: "KSampler", required: [
                ("model", .link("MODEL")), ("seed", .int(min: 0, max: seedMax, defaultValue: 0)), ("steps", int(1, 10_000, 20)),
                ("cfg", float(0, 100, 8)), ("sampler_name", .combo(samplers, v3: false)), ("scheduler", .combo(schedulers, v3: false)),
                ("positive", .link("CONDITIONING")), ("negative", .link("CONDITIONING")), ("latent_image", .link("LATENT")),
                ("denoise", float(0, 1, 1)),
            ], outputs: ["LATENT"]),
            NodeClass(name: "VAEDecode", required: [("samples", .link("LATENT")), ("vae", .link("VAE"))], outputs: ["IMAGE"]),
            NodeClass(name: "VAEEncode", required: [("pixels", .link("IMAGE")), ("vae", .link("VAE"))], outputs: ["LATENT"]),
            NodeClass(name: "SaveImage", required: [("images", .link("IMAGE")), ("filename_prefix", .string(defaultValue: "ComfyUI"))],
                      isOutput: true, outputKind: "images"),
            NodeClass(name: "PreviewImage", required: [("images", .link("IMAGE"))], isOutput: true, outputKind: "images"),
            NodeClass(name: "LoadImage", required: [("image", .combo(inputFiles, v3: false))], outputs: ["IMAGE", "MASK"]),
            NodeClass(name: "ImageScale", required: [("image", .link("IMAGE")),
                                                     ("upscale_method", .combo(["nearest-exact", "bilinear", "area", "bicubic", "lanczos"], v3: false)),
                                                     ("width", int(0, maxResolution, 512)), ("height", int(0, maxResolution, 512)),
                                                     ("crop", .combo(["disabled", "center"], v3: false))], outputs: ["IMAGE"]),
            NodeClass(name: "ImageScaleBy", required: [("image", .link("IMAGE")),
                                                       ("upscale_method", .combo(["nearest-exact", "bilinear", "area", "bicubic", "lanczos"], v3: false)),
                                                       ("scale_by", float(0.01, 8, 1))], outputs: ["IMAGE"]),
            NodeClass(name: "EmptyLatentAudio", required: [("seconds", float(1, 1000, 47.6)), ("batch_size", int(1, 4096, 1))], outputs: ["LATENT"]),
            NodeClass(name: "ConditioningStableAudio", required: [("positive", .link("CONDITIONING")), ("negative", .link("CONDITIONING")),
                                                                  ("seconds_start", float(0, 1000, 0)), ("seconds_total", float(0, 1000, 47))],
                      outputs: ["CONDITIONING", "CONDITIONING"]),
            NodeClass(name: "VAEDecodeAudio", required: [("samples", .link("LATENT")), ("vae", .link("VAE"))], outputs: ["AUDIO"]),
            NodeClass(name: "SaveAudio", required: [("audio", .link("AUDIO")), ("filename_prefix", .string(defaultValue: "audio/ComfyUI"))],
                      isOutput: true, outputKind: "audio"),
            NodeClass(name: "LTXVConditioning", required: [("positive", .link("CONDITIONING")), ("negative", .link("CONDITIONING")),
                                                           ("frame_rate", float(0, 1000, 25))], outputs: ["CONDITIONING", "CONDITIONING"]),
            NodeClass(name: "EmptyLTXVLatentVideo", required: [("width", int(64, maxResolution, 768)), ("height", int(64, maxResolution, 512)),
                                                               ("length", int(1, maxResolution, 97)), ("batch_size", int(1, 4096, 1))],
                      outputs: ["LATENT"]),
            NodeClass(name: "LTXVScheduler", required: [("steps", int(1, 10_000, 20)), ("max_shift", float(0, 100, 2.05)),
                                                        ("base_shift", float(0, 100, 0.95)), ("stretch", .boolean(defaultValue: true)),
                                                        ("terminal", float(0, 0.99, 0.1))],
                      optional: [("latent", .link("LATENT"))], outputs: ["SIGMAS"]),
            NodeClass(name: "KSamplerSelect", required: [("sampler_name", .combo(samplers, v3: false))], outputs: ["SAMPLER"]),
            NodeClass(name: "SamplerCustom", required: [
                ("model", .link("MODEL")), ("add_noise", .boolean(defaultValue: true)), ("noise_seed", .int(min: 0, max: seedMax, defaultValue: 0)),
                ("cfg", float(0, 100, 8)), ("positive", .link("CONDITIONING")), ("negative", .link("CONDITIONING")),
                ("sampler", .link("SAMPLER")), ("sigmas", .link("SIGMAS")), ("latent_image", .link("LATENT")),
            ], outputs: ["LATENT", "LATENT"]),
            NodeClass(name: "CreateVideo", required: [("images", .link("IMAGE")), ("fps", float(1, 120, 30))],
                      optional: [("audio", .link("AUDIO"))], outputs: ["VIDEO"]),
            NodeClass(name: "SaveVideo", required: [("video", .link("VIDEO")), ("filename_prefix", .string(defaultValue: "video/ComfyUI")),
                                                    ("format", .combo(["auto", "mp4"], v3: true)), ("codec", .combo(["auto", "h264"], v3: true))],
                      isOutput: true, outputKind: "video"),
        ]
        classes = Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }

    /// Samplers report `progress` per step.
    static let samplerClasses: Set<String> = ["KSampler", "SamplerCustom", "KSamplerAdvanced"]

    /// `/object_info` for one class, in ComfyUI's shape.
    func info(_ name: String) -> FakeComfyJSON? {
        guard let node = classes[name] else { return nil }
        func spec(_ spec: Spec) -> FakeComfyJSON {
            switch spec {
            case .int(let min, let max, let defaultValue):
                return ["INT", .object([("default", .int(defaultValue)), ("min", .int(min)), ("max", .uint(max))])]
            case .float(let min, let max, let defaultValue):
                return ["FLOAT", .object([("default", .double(defaultValue)), ("min", .double(min)), ("max", .double(max)), ("step", 0.01)])]
            case .string(let defaultValue):
                return ["STRING", .object([("default", .string(defaultValue)), ("multiline", false)])]
            case .boolean(let defaultValue):
                return ["BOOLEAN", .object([("default", .bool(defaultValue))])]
            case .combo(let options, let v3):
                let list = FakeComfyJSON.array(options.map { .string($0) })
                return v3 ? ["COMBO", .object([("options", list), ("multiselect", false)])] : [list, .object([("tooltip", "choices")])]
            case .link(let type):
                return [.string(type), .object([])]
            }
        }
        var input: [(String, FakeComfyJSON)] = [("required", .object(node.required.map { ($0.0, spec($0.1)) }))]
        if !node.optional.isEmpty { input.append(("optional", .object(node.optional.map { ($0.0, spec($0.1)) }))) }
        if node.isOutput { input.append(("hidden", .object([("prompt", "PROMPT"), ("extra_pnginfo", "EXTRA_PNGINFO")]))) }
        return .object([
            ("input", .object(input)),
            ("input_order", .object([("required", .array(node.required.map { .string($0.0) }))])),
            ("output", .array(node.outputs.map { .string($0) })),
            ("output_is_list", .array(node.outputs.map { _ in false })),
            ("output_name", .array(node.outputs.map { .string($0) })),
            ("name", .string(name)), ("display_name", .string(name)), ("description", ""),
            ("python_module", "nodes"), ("category", .string(node.category)), ("output_node", .bool(node.isOutput)),
        ])
    }

    /// The whole `/object_info` map.
    func allInfo() -> FakeComfyJSON {
        .object(classes.keys.sorted().compactMap { name in info(name).map { (name, $0) } })
    }
}
