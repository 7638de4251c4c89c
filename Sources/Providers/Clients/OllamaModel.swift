import Core

/// One installed model as Ollama's `/api/tags` lists it. A plain value.
public struct OllamaModel: Sendable, Hashable {
    /// `model:tag`, e.g. `llama3.2:latest`.
    public var name: String
    /// The architecture family (`llama`, `gemma3`), when given.
    public var family: String?
    /// As Ollama writes it (`3.2B`), when given.
    public var parameterSize: String?
    /// `Q4_K_M` and the like, when given.
    public var quantization: String?
    /// Bytes on disk, when given.
    public var sizeBytes: Int?
    /// What newer servers report (`completion`, `vision`, `tools`, `thinking`); empty otherwise.
    public var capabilities: [String]

    public init(name: String, family: String? = nil, parameterSize: String? = nil, quantization: String? = nil,
                sizeBytes: Int? = nil, capabilities: [String] = []) {
        self.name = name
        self.family = family
        self.parameterSize = parameterSize
        self.quantization = quantization
        self.sizeBytes = sizeBytes
        self.capabilities = capabilities
    }

    /// One entry of the `models` array; nil when it has no name.
    init?(json: Any) {
        guard let object = JSONFields.dictionary(json),
              let name = JSONFields.string(object["name"]) ?? JSONFields.string(object["model"]), !name.isEmpty
        else { return nil }
        let details = JSONFields.dictionary(object["details"])
        self.init(name: name,
                  family: Self.nonEmpty(details?["family"]),
                  parameterSize: Self.nonEmpty(details?["parameter_size"]),
                  quantization: Self.nonEmpty(details?["quantization_level"]),
                  sizeBytes: JSONFields.int(object["size"]),
                  capabilities: (object["capabilities"] as? [Any])?.compactMap { $0 as? String } ?? [])
    }

    /// The registry entry: discovered, free, name plus size and family for display.
    public func modelInfo(provider: String) -> ModelInfo {
        let extras = [parameterSize, family].compactMap { $0 }
        let display = extras.isEmpty ? name : "\(name) (\(extras.joined(separator: ", ")))"
        return ModelInfo(ref: ModelRef(provider: provider, model: name), displayName: display,
                         pricePer1kInput: 0, pricePer1kOutput: 0,
                         capabilities: .init(vision: capabilities.contains("vision"), jsonMode: true, streaming: true),
                         source: .discovered)
    }

    private static func nonEmpty(_ value: Any?) -> String? {
        guard let text = JSONFields.string(value), !text.isEmpty else { return nil }
        return text
    }
}

/// What Ollama's `/api/show` says about one model. A plain value.
///
/// Invariant: `contextLength` is `model_info["<general.architecture>.context_length"]`, or,
/// when the architecture is not named, the first `*.context_length` entry; nil when absent.
public struct OllamaModelDetails: Sendable, Hashable {
    public var name: String
    public var contextLength: Int?
    public var family: String?
    public var parameterSize: String?
    public var quantization: String?
    public var capabilities: [String]

    public init(name: String, contextLength: Int?, family: String? = nil, parameterSize: String? = nil,
                quantization: String? = nil, capabilities: [String] = []) {
        self.name = name
        self.contextLength = contextLength
        self.family = family
        self.parameterSize = parameterSize
        self.quantization = quantization
        self.capabilities = capabilities
    }

    init(name: String, json object: [String: Any]) {
        let info = JSONFields.dictionary(object["model_info"]) ?? [:]
        var context: Int?
        if let arch = JSONFields.string(info["general.architecture"]) {
            context = JSONFields.int(info["\(arch).context_length"])
        }
        if context == nil {
            context = info.keys.sorted().first { $0.hasSuffix(".context_length") }.flatMap { JSONFields.int(info[$0]) }
        }
        let details = JSONFields.dictionary(object["details"])
        self.init(name: name, contextLength: context,
                  family: JSONFields.string(details?["family"]),
                  parameterSize: JSONFields.string(details?["parameter_size"]),
                  quantization: JSONFields.string(details?["quantization_level"]),
                  capabilities: (object["capabilities"] as? [Any])?.compactMap { $0 as? String } ?? [])
    }

    /// `modelInfo` with this model's context window and capabilities filled in.
    public func apply(to modelInfo: ModelInfo) -> ModelInfo {
        var copy = modelInfo
        if let contextLength { copy.contextWindow = contextLength }
        if !capabilities.isEmpty { copy.capabilities.vision = capabilities.contains("vision") }
        return copy
    }
}
