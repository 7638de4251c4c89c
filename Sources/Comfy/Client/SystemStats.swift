/// `GET /system_stats`: versions, memory and devices, for `atelier doctor` and as the health
/// probe. Missing fields are nil. A plain value.
public struct SystemStats: Sendable, Hashable {
    /// One compute device (a GPU, or "cpu").
    public struct Device: Sendable, Hashable {
        public var name: String
        public var type: String
        public var vramTotal: Int64?
        public var vramFree: Int64?
    }

    public var comfyUIVersion: String?
    public var pythonVersion: String?
    public var pytorchVersion: String?
    public var os: String?
    public var ramTotal: Int64?
    public var ramFree: Int64?
    public var devices: [Device]
    /// The whole answer, for callers that want more.
    public var raw: JSONValue

    public static func parse(_ body: JSONValue) throws(ComfyError) -> SystemStats {
        guard let system = body["system"], system.objectValue != nil else {
            throw ComfyError(.malformed, "ComfyUI's /system_stats answer has no \"system\" object")
        }
        let devices = (body["devices"]?.arrayValue ?? []).map { device in
            Device(name: device["name"]?.stringValue ?? "?", type: device["type"]?.stringValue ?? "?",
                   vramTotal: device["vram_total"]?.intValue, vramFree: device["vram_free"]?.intValue)
        }
        return SystemStats(
            comfyUIVersion: system["comfyui_version"]?.stringValue, pythonVersion: system["python_version"]?.stringValue,
            pytorchVersion: system["pytorch_version"]?.stringValue, os: system["os"]?.stringValue,
            ramTotal: system["ram_total"]?.intValue, ramFree: system["ram_free"]?.intValue,
            devices: devices, raw: body)
    }
}
