@testable import AtelierCLI
import Comfy
import Core
import Foundation
import TestSupport
import Testing

/// `atelier doctor`'s one line about ComfyUI, from what real servers report.
@Suite struct ComfyDoctorWordingTests {
    @Test func anOlderCPUServerShowsItsPythonAndMemoryNotVRAM() throws {
        // Recorded from the PyPI build (mid-2024): no comfyui_version, one "cpu" device.
        let recording = try JSONValue.parse(Data(try Fixtures.data("comfyui-pypi/system_stats.json")))
        let stats = try SystemStats.parse(try #require(recording["body"]))
        let line = ComfyDoctorProbe.describe(stats)
        #expect(line.hasPrefix("ComfyUI (version not reported, Python 3.11.7) · cpu: "))
        #expect(line.contains("GiB memory free") && !line.contains("VRAM"))
    }

    @Test func aGPUServerShowsItsVersionAndVRAM() throws {
        let body = try JSONValue.parse(Data("""
            {"system": {"comfyui_version": "0.3.66\\u001b[2J", "python_version": "3.12.3"},
             "devices": [{"name": "cuda:0 NVIDIA GeForce RTX 4090", "type": "cuda",
                          "vram_total": 25757220864, "vram_free": 21582446592}]}
            """.utf8))
        let line = ComfyDoctorProbe.describe(try SystemStats.parse(body))
        #expect(line.hasPrefix("ComfyUI 0.3.66"))
        #expect(!line.contains("\u{1B}"))
        #expect(line.hasSuffix("cuda:0 NVIDIA GeForce RTX 4090: 20.1 of 24.0 GiB VRAM free"))
    }
}
