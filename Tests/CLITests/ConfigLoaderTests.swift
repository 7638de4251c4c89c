import AtelierCLI
import Core
import Foundation
import Testing

@Suite struct ConfigLoaderTests {
    @Test func noFileMeansTheDefaults() throws {
        let folder = try TemporaryFolder()
        let config = try ConfigLoader.load(folder.environment())
        #expect(!config.paths.configFileFound)
        #expect(config.defaultModel == ModelRef(provider: "local", model: "gemma-3-270m"))
        #expect(config.providerNames == ["anthropic", "local", "ollama", "openai", "openrouter"])
        let local = try #require(config.providers["local"])
        #expect(local.baseURL == "http://127.0.0.1:8080/v1")
        #expect(local.models == ["gemma-3-270m"])
        #expect(local.kind == .openAICompatible)
        #expect(local.isLocal)
        #expect(!local.key.required)
        #expect(config.providers["ollama"]?.baseURL == "http://127.0.0.1:11434")
        #expect(config.providers["openai"]?.key == KeySource(environmentVariable: "OPENAI_API_KEY", required: true))
        #expect(config.providers["openai"]?.isLocal == false)
        #expect(config.providers["anthropic"]?.kind == .anthropic)
        #expect(config.comfyUIURL == "http://127.0.0.1:8188")
        #expect(config.timeouts == AtelierDefaults.timeouts)
        #expect(config.warnings.isEmpty)
    }

    @Test func precedenceIsEnvironmentThenFileThenDefaults() throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig("""
        {
          "default_model": "ollama:llama3.2",
          "roles": { "Luna": "anthropic:claude-sonnet-4-5" },
          "providers": {
            "ollama": { "base_url": "http://file-host:11434", "max_concurrent": 3 },
            "openai": { "base_url": "https://file.example/v1" },
            "anthropic": { "timeouts": { "stall": 5 } }
          },
          "timeouts": { "connect": 3 },
          "comfyui_url": "http://file-host:8188"
        }
        """)
        let fileOnly = try ConfigLoader.load(folder.environment())
        #expect(fileOnly.paths.configFileFound)
        #expect(fileOnly.defaultModel.description == "ollama:llama3.2")
        #expect(fileOnly.model(forRole: "luna").description == "anthropic:claude-sonnet-4-5")
        #expect(fileOnly.model(forRole: "saga") == fileOnly.defaultModel)
        #expect(fileOnly.providers["ollama"]?.baseURL == "http://file-host:11434")
        #expect(fileOnly.providers["ollama"]?.baseURLOrigin == .configFile)
        #expect(fileOnly.providers["ollama"]?.maxConcurrent == 3)
        #expect(fileOnly.providers["openai"]?.baseURL == "https://file.example/v1")
        #expect(fileOnly.providers["openrouter"]?.baseURL == "https://openrouter.ai/api/v1")
        #expect(fileOnly.providers["anthropic"]?.timeouts.stall == 5)
        #expect(fileOnly.providers["anthropic"]?.timeouts.connect == 3)
        #expect(fileOnly.providers["openai"]?.timeouts.stall == AtelierDefaults.timeouts.stall)
        #expect(fileOnly.comfyUIURL == "http://file-host:8188")

        let withEnvironment = try ConfigLoader.load(folder.environment([
            "OLLAMA_HOST": "env-host", "OPENAI_BASE_URL": "https://env.example/v1/", "COMFYUI_URL": "http://env:8188",
        ]))
        #expect(withEnvironment.providers["ollama"]?.baseURL == "http://env-host:11434")
        #expect(withEnvironment.providers["ollama"]?.baseURLOrigin == .environment("OLLAMA_HOST"))
        #expect(withEnvironment.providers["ollama"]?.maxConcurrent == 3)
        #expect(withEnvironment.providers["openai"]?.baseURL == "https://env.example/v1")
        #expect(withEnvironment.comfyUIURL == "http://env:8188")
        #expect(withEnvironment.comfyUIURLOrigin == .environment("COMFYUI_URL"))
    }

    @Test func atelierHomeHoldsTheConfig() throws {
        let folder = try TemporaryFolder()
        try folder.write("studio/config.json", #"{"default_model": "openai:gpt-4o"}"#)
        let config = try ConfigLoader.load(folder.environment(["ATELIER_HOME": folder.path + "/studio"]))
        #expect(config.defaultModel.description == "openai:gpt-4o")
        #expect(config.paths.dataDirectory == folder.path + "/studio/data")
    }

    @Test func endpointsAreMergedAndValidated() throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig("""
        {"endpoints": {
          "local": {"base_url": "http://127.0.0.1:9090/v1"},
          "VLLM": {"base_url": "http://gpu-box:8000/v1", "api_key_env": "VLLM_KEY", "models": ["qwen"]},
          "cloud": {"base_url": "https://api.together.xyz/v1", "api_key_file": "keys/together"}
        }}
        """)
        let config = try ConfigLoader.load(folder.environment())
        #expect(config.providers["local"]?.baseURL == "http://127.0.0.1:9090/v1")
        #expect(config.providers["local"]?.models == ["gemma-3-270m"])
        let vllm = try #require(config.providers["vllm"])
        #expect(vllm.key == KeySource(environmentVariable: "VLLM_KEY", required: true))
        #expect(vllm.models == ["qwen"])
        #expect(!vllm.isLocal)
        #expect(config.providers["cloud"]?.key.configFile == folder.path + "/.config/atelier/keys/together")
    }

    @Test func disabledProvidersDisappear() throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig(#"{"endpoints": {"local": {"enabled": false}}, "providers": {"openrouter": {"enabled": false}}}"#)
        let config = try ConfigLoader.load(folder.environment())
        #expect(config.providerNames == ["anthropic", "ollama", "openai"])
    }

    @Test func syntaxErrorNamesFileLineAndColumnAndLeavesTheFileAlone() throws {
        let folder = try TemporaryFolder()
        let text = "{\n  \"default_model\": \"ollama:llama3.2\"\n  \"roles\": {}\n}\n"
        let file = try folder.writeConfig(text)
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.kind == .malformedFile)
        #expect(error.file == file)
        #expect(error.line == 3)
        #expect(error.column == 3)
        #expect(error.description.hasPrefix("\(file):3:3: "))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == text)
    }

    @Test(arguments: [
        ("{\"a\": 1,\n\n  // comment\n}", 3, "comments"),
        ("{\n 'x': 1}", 2, "double quotes"),
        ("{\"default_model\": \"x\n\"}", 1, "not closed"),
        ("{\"roles\": {\"luna\": \"a\"}", 1, "missing"),
        ("{\"x\": tru}", 1, "unexpected word"),
        ("{\"x\": 01}", 1, "invalid number"),
        ("{} {}", 1, "after the end"),
    ])
    func syntaxErrorsAreLocated(_ text: String, _ line: Int, _ words: String) throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig(text)
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.kind == .malformedFile)
        #expect(error.line == line)
        #expect(error.message.contains(words), "\(error.message)")
    }

    @Test func wrongTypeNamesTheFieldAndLine() throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig("{\n  \"providers\": {\n    \"ollama\": {\n      \"max_concurrent\": \"two\"\n    }\n  }\n}")
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.kind == .malformedFile)
        #expect(error.field == "providers.ollama.max_concurrent")
        #expect(error.line == 4)
        #expect(error.message.contains("whole number"))
    }

    @Test(arguments: [
        (#"{"default_model": "llama3"}"#, "default_model"),
        (#"{"roles": {"luna": ":x"}}"#, "roles.luna"),
        (#"{"providers": {"openai": {"base_url": "api.openai.com"}}}"#, "providers.openai.base_url"),
        (#"{"providers": {"ollama": {"max_concurrent": 0}}}"#, "providers.ollama.max_concurrent"),
        (#"{"timeouts": {"stall": -1}}"#, "timeouts.stall"),
        (#"{"endpoints": {"gpu": {"models": ["x"]}}}"#, "endpoints.gpu"),
        (#"{"endpoints": {"openai": {"base_url": "http://x/v1"}}}"#, "endpoints.openai"),
        (#"{"endpoints": {"a b": {"base_url": "http://x/v1"}}}"#, "endpoints.\"a b\""),
        (#"{"models": {"openai:gpt-4o": {"context_window": 0}}}"#, "models.\"openai:gpt-4o\".context_window"),
        (#"{"models": {"gpt-4o": {}}}"#, "models.gpt-4o"),
        (#"{"comfyui_url": "ftp://x"}"#, "comfyui_url"),
    ])
    func invalidValuesNameTheField(_ text: String, _ field: String) throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig(text)
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.kind == .invalidValue)
        #expect(error.field == field)
        #expect(error.line == 1)
    }

    @Test func badEnvironmentURLNamesTheVariable() throws {
        let folder = try TemporaryFolder()
        let error = try #require(configError {
            try ConfigLoader.load(folder.environment(["OPENAI_BASE_URL": "not a url"]))
        })
        #expect(error.field == "OPENAI_BASE_URL")
        #expect(error.description.contains("OPENAI_BASE_URL"))
    }

    @Test func unknownKeysAreWarningsWithLines() throws {
        let folder = try TemporaryFolder()
        let file = try folder.writeConfig("{\n  \"defualt_model\": \"x\",\n  \"providers\": {\"olama\": {}, \"ollama\": {\"url\": 1}}\n}")
        let config = try ConfigLoader.load(folder.environment())
        #expect(config.warnings.count == 3)
        #expect(config.warnings.first == "\(file):2: defualt_model: unknown key (ignored)")
        #expect(config.warnings.contains { $0.contains("providers.olama: unknown provider") })
        #expect(config.warnings.contains { $0.contains("providers.ollama.url: unknown key") })
    }

    @Test func emptyFileAndNonObjectTopLevel() throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig("  \n")
        let empty = try ConfigLoader.load(folder.environment())
        #expect(empty.defaultModel == AtelierDefaults.defaultModel)
        #expect(empty.warnings.count == 1)
        try folder.writeConfig("[1, 2]")
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.message.contains("top level"))
    }

    @Test func aFolderOrUnreadableConfigIsAClearError() throws {
        let folder = try TemporaryFolder()
        try FileManager.default.createDirectory(atPath: folder.path + "/.config/atelier/config.json",
                                                withIntermediateDirectories: true)
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.kind == .unreadableFile)
        #expect(error.file == folder.path + "/.config/atelier/config.json")
    }

    @Test func deeplyNestedInputIsRefusedNotCrashing() throws {
        let folder = try TemporaryFolder()
        try folder.writeConfig("{\"roles\": " + String(repeating: "[", count: 100_000))
        let error = try #require(configError { try ConfigLoader.load(folder.environment()) })
        #expect(error.kind == .malformedFile)
        #expect(error.message.contains("nested"))
    }
}
