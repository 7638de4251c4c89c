import AtelierCLI
import Core
import Foundation
import TestSupport
import Testing

/// `"comfyui_unload_ollama": true`: one GPU shared by ComfyUI and Ollama. The setting is read
/// and documented like the others, and `atelier generate` asks the configured Ollama to
/// unload its models before the job (the real binary, the fake Ollama and the fake ComfyUI).
@Suite struct GPUSharingTests {
    @Test func theSettingIsReadOffByDefaultAndNotAnUnknownKey() throws {
        let folder = try TemporaryFolder()
        #expect(try ConfigLoader.load(folder.environment()).unloadOllamaBeforeGeneration == false)
        try folder.writeConfig(#"{"comfyui_unload_ollama": true, "providers": {"ollama": {"base_url": "http://gpu-box:11434"}}}"#)
        let config = try ConfigLoader.load(folder.environment())
        #expect(config.unloadOllamaBeforeGeneration)
        #expect(config.warnings.isEmpty, "\(config.warnings)")
        #expect(GenerationWiring.ollamaUnloader(config)?.baseURL == "http://gpu-box:11434")
        #expect(GenerationWiring.runner(config, waitSeconds: 0).options.ollamaUnloader?.baseURL == "http://gpu-box:11434")
        // OLLAMA_HOST wins, as for chat; a disabled Ollama has nothing to unload.
        let moved = try ConfigLoader.load(folder.environment(["OLLAMA_HOST": "other:11500"]))
        #expect(GenerationWiring.ollamaUnloader(moved)?.baseURL == "http://other:11500")
        try folder.writeConfig(#"{"comfyui_unload_ollama": true, "providers": {"ollama": {"enabled": false}}}"#)
        #expect(GenerationWiring.ollamaUnloader(try ConfigLoader.load(folder.environment())) == nil)
        try folder.writeConfig(#"{"comfyui_unload_ollama": false}"#)
        #expect(GenerationWiring.ollamaUnloader(try ConfigLoader.load(folder.environment())) == nil)
    }

    @Test func generateUnloadsOllamasModelsBeforeTheJob() async throws {
        let ollama = try FakeOllamaServer()
        ollama.loadedModels = ["llama3.2", "qwen3:4b"]
        let comfy = try FakeComfyServer()
        let home = try FakeHome.make(config: ["comfyui_unload_ollama": true, "providers": ["ollama": ["base_url": ollama.baseURL]]])
        let result = try await AtelierProcess.run(["generate", "-w", "probe-modelfree"], home: home.path,
                                                  environment: GenerateSupport.environment(comfy), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ollama.unloadRequests == ["llama3.2:latest", "qwen3:4b"])
        #expect(ollama.loadedModels.isEmpty)
        #expect(result.stderr.contains("atelier generate: Ollama unloaded llama3.2:latest, qwen3:4b to free the GPU"), "\(result.stderr)")
        // The order (unload, then submit) is checked in ComfyTests' OllamaUnloaderTests.
        #expect(comfy.promptBodies.count == 1)
    }

    @Test func withoutTheSettingOllamaIsLeftAlone() async throws {
        let ollama = try FakeOllamaServer()
        ollama.loadedModels = ["llama3.2"]
        let comfy = try FakeComfyServer()
        let home = try FakeHome.make(config: ["providers": ["ollama": ["base_url": ollama.baseURL]]])
        let result = try await AtelierProcess.run(["generate", "-w", "probe-modelfree"], home: home.path,
                                                  environment: GenerateSupport.environment(comfy), timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(ollama.requests.isEmpty)
        #expect(ollama.loadedModels == ["llama3.2:latest"])
    }
}
