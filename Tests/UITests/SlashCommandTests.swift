import Testing
import UI

@Suite struct SlashCommandTests {
    let roles = ["Luna", "Frame", "Master"]

    @Test func parsesCommands() throws {
        #expect(try SlashCommand.parse("/ask  ollama:llama3.2:3b  hi there ", roles: roles).get() == .ask(model: "ollama:llama3.2:3b", text: "hi there"))
        #expect(try SlashCommand.parse("/debate a ,b, c question", roles: roles).get() == .debate(models: ["a", "b", "c"], text: "question"))
        #expect(try SlashCommand.parse("/chorus solo paint", roles: roles).get() == .chorus(artists: ["solo"], text: "paint"))
        #expect(try SlashCommand.parse("/ASSIGN master ollama:x", roles: roles).get() == .assign(role: "Master", model: "ollama:x"))
        #expect(try SlashCommand.parse("/new", roles: roles).get() == .newSession(title: nil))
        #expect(try SlashCommand.parse("/new Harbour", roles: roles).get() == .newSession(title: "Harbour"))
        #expect(try SlashCommand.parse("/team a\nb", roles: roles).get() == .team(text: "a\nb"))
        #expect(try SlashCommand.parse("/exit", roles: roles).get() == .quit)
    }

    @Test func errorsSayWhatIsWrongAndTheUsage() {
        func message(_ line: String) -> String {
            if case .failure(let error) = SlashCommand.parse(line, roles: roles) { return error.message }
            return "ok"
        }
        #expect(message("/debate a why") == "/debate needs at least two models, separated by commas — usage: /debate A,B[,C] TEXT")
        #expect(message("/debate a,b") == "/debate needs a message after the models — usage: /debate A,B[,C] TEXT")
        #expect(message("/chorus") == "/chorus needs at least one artists, separated by commas — usage: /chorus A,B TEXT"
                || message("/chorus").hasPrefix("/chorus needs at least one"))
        #expect(message("/search").hasSuffix("usage: /search TEXT"))
        #expect(message("/").hasPrefix("unknown command / — commands: /team /ask"))
        #expect(message("/assign luna").hasPrefix("/assign needs a role and a model"))
    }
}
