import Foundation
import TestSupport
import Testing

/// `atelier doctor`'s ComfyUI line and the new verbs' help, with the real binary.
@Suite struct GenerateDoctorAndHelpTests {
    @Test func theGenerationVerbsHaveHelpAndAreListed() async throws {
        let home = try AtelierProcess.makeHome()
        for verb in ["generate", "workflows", "generations"] {
            let result = try await AtelierProcess.run([verb, "--help"], home: home)
            #expect(result.status == 0, "\(verb)")
            #expect(result.stdout.contains("Usage: atelier \(verb)"), "\(verb)")
        }
        let overview = try await AtelierProcess.run(["--help"], home: home)
        for verb in ["generate", "workflows"] { #expect(overview.stdout.contains("  \(verb) ")) }
        // The overview pads names to 10 columns, which cuts "generations" to "generation".
        #expect(overview.stdout.contains("  generation"))
    }

    @Test func doctorReportsComfyUI() async throws {
        let fake = try FakeComfyServer()
        let home = try AtelierProcess.makeHome()
        let up = try await AtelierProcess.run(["doctor", "--json"], home: home, environment: GenerateSupport.environment(fake), timeout: 30)
        let checks = up.stdout.split(separator: "\n").compactMap { FakeJSON.parse(String($0)) }
        let comfy = try #require(checks.first { $0["check"]?.string == "comfyui" })
        #expect(comfy["ok"]?.bool == true)
        #expect(comfy["detail"]?.string?.hasPrefix("ComfyUI ") == true)
        #expect(comfy["detail"]?.string?.contains("GiB VRAM") == true)
        let closed = "http://127.0.0.1:\(try FakeHome.closedPort())"
        let down = try await AtelierProcess.run(["doctor"], home: home, environment: ["COMFYUI_URL": closed], timeout: 30)
        #expect(down.status == 4)
        #expect(down.stdout.contains("✗ comfyui: not reachable (set by $COMFYUI_URL)"))
        #expect(down.stdout.contains(closed) && down.stdout.contains("COMFYUI_URL"))
    }
}
