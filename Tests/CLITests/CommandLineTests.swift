import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func versionAndHelp() async throws {
        let home = try AtelierProcess.makeHome()
        let version = try await AtelierProcess.run(["--version"], home: home)
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("atelier "))
        let help = try await AtelierProcess.run(["--help"], home: home)
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes"))
        #expect(help.stdout.contains("sessions"))
    }

    @Test func unknownVerbAndOptionAreUsageErrors() async throws {
        let home = try AtelierProcess.makeHome()
        let verb = try await AtelierProcess.run(["frobnicate"], home: home)
        #expect(verb.status == 2)
        #expect(verb.stderr.contains("unknown verb"))
        let option = try await AtelierProcess.run(["sessions", "list", "--bogus"], home: home)
        #expect(option.status == 2)
        #expect(option.stderr.contains("unknown option --bogus"))
    }

    @Test func everyVerbHasHelp() async throws {
        let home = try AtelierProcess.makeHome()
        for verb in ["ask", "models", "sessions", "search", "usage", "doctor"] {
            let result = try await AtelierProcess.run([verb, "--help"], home: home)
            #expect(result.status == 0, "\(verb)")
            #expect(result.stdout.contains("Usage: atelier \(verb)"), "\(verb)")
        }
    }

    @Test func emptyDatabaseListsNothing() async throws {
        let home = try AtelierProcess.makeHome()
        let list = try await AtelierProcess.run(["sessions", "list", "--json"], home: home)
        #expect(list.status == 0)
        #expect(list.stdout.isEmpty)
        let missing = try await AtelierProcess.run(["sessions", "show", "42"], home: home)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no session #42"))
    }

    @Test func malformedConfigIsAConfigurationError() async throws {
        let home = try AtelierProcess.makeHome()
        try Data("{ \"default_model\": ".utf8).write(to: URL(fileURLWithPath: home + "/config.json"))
        let result = try await AtelierProcess.run(["sessions", "list"], home: home)
        #expect(result.status == 3)
        #expect(result.stderr.contains("config.json"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }
}
