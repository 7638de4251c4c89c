import AtelierCLI
import Core
import Testing

@Suite struct ConfigPathTests {
    private func paths(_ variables: [String: String], cwd: String = "/work") throws -> AtelierPaths {
        try PathResolver.resolve(ConfigEnvironment(variables: variables, currentDirectory: cwd))
    }

    @Test func defaultsFollowXDGFallbacks() throws {
        let result = try paths(["HOME": "/home/ada"])
        #expect(result.configFile == "/home/ada/.config/atelier/config.json")
        #expect(result.dataDirectory == "/home/ada/.local/share/atelier")
    }

    @Test func xdgVariablesMoveConfigAndDataSeparately() throws {
        let result = try paths(["HOME": "/home/ada", "XDG_CONFIG_HOME": "/cfg/", "XDG_DATA_HOME": "/data"])
        #expect(result.configFile == "/cfg/atelier/config.json")
        #expect(result.dataDirectory == "/data/atelier")
    }

    @Test func relativeXDGValuesAreIgnoredAsTheSpecSays() throws {
        let result = try paths(["HOME": "/home/ada", "XDG_CONFIG_HOME": "relative", "XDG_DATA_HOME": ""])
        #expect(result.configFile == "/home/ada/.config/atelier/config.json")
        #expect(result.dataDirectory == "/home/ada/.local/share/atelier")
    }

    @Test func atelierHomeMovesBothAndWinsOverXDG() throws {
        let result = try paths(["HOME": "/home/ada", "XDG_CONFIG_HOME": "/cfg", "ATELIER_HOME": "/srv/atelier/"])
        #expect(result.configFile == "/srv/atelier/config.json")
        #expect(result.dataDirectory == "/srv/atelier/data")
    }

    @Test func relativeAndTildeAtelierHomeAreResolved() throws {
        #expect(try paths(["ATELIER_HOME": "./studio"], cwd: "/work/x").configFile == "/work/x/studio/config.json")
        #expect(try paths(["HOME": "/home/ada", "ATELIER_HOME": "~/a"]).dataDirectory == "/home/ada/a/data")
    }

    @Test func noHomeIsAClearError() throws {
        let error = try #require(configError { try PathResolver.resolve(ConfigEnvironment(variables: [:])) })
        #expect(error.kind == .noHomeDirectory)
        #expect(error.description.contains("ATELIER_HOME"))
    }
}
