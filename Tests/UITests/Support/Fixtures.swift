import Core
import Foundation
import UI

/// States for snapshot and update tests, built the way the app builds them: through `update`
/// with the messages the engine and the terminal would send.
enum Fixtures {
    static let utc = TimeZone(identifier: "UTC") ?? .current

    static func empty(_ size: Size = Size(width: 80, height: 24)) -> AppState {
        AppState(size: size, timeZone: utc)
    }

    /// Applies messages in order, returning all effects.
    @discardableResult
    static func apply(_ messages: [AppMessage], to state: inout AppState) -> [Effect] {
        messages.flatMap { update(&state, $0) }
    }

    static func servers() -> [AppMessage] {
        [.event(.serverChanged(ServerStatus(name: "ollama", url: "http://127.0.0.1:11434", state: .up))),
         .event(.serverChanged(ServerStatus(name: "comfyui", url: "http://127.0.0.1:8188", state: .down,
                                            detail: "connection refused; start ComfyUI or set COMFYUI_URL"))),
         .event(.usageChanged(UsageTotals(inputTokens: 12_480, outputTokens: 3_210, cost: 0.0123)))]
    }

    /// A team session mid-refinement: Luna done, Frame streaming, Saga failed, an interjection.
    static func team(_ size: Size = Size(width: 80, height: 24)) -> AppState {
        var state = empty(size)
        apply(servers(), to: &state)
        state.input.insert("a misty harbour at dawn, oil painting")
        apply([.key(KeyEvent(.enter))], to: &state)
        apply([
            .event(.phaseChanged(.ideation)),
            .event(.messageStarted(id: 1, speaker: .specialist(.luna), model: "ollama:llama3.2", card: nil)),
            .event(.messageDelta(id: 1, text: "Soft Turner-like light: ochre haze over grey-blue water, ")),
            .event(.messageDelta(id: 1, text: "loose brushwork, the boats only suggested.")),
            .event(.messageFinished(id: 1)),
            .event(.phaseChanged(.refinement)),
            .event(.messageStarted(id: 2, speaker: .specialist(.saga), model: "ollama:qwen2.5", card: nil)),
            .event(.messageFailed(id: 2, error: "HTTP 500 from ollama: model runner crashed", interrupted: false)),
            .event(.messageStarted(id: 3, speaker: .specialist(.frame), model: "ollama:llama3.2", card: nil)),
            .event(.messageDelta(id: 3, text: "Low horizon on the lower third; the lighthouse at the right")),
        ], to: &state)
        state.input.insert("more fog please")
        apply([.key(KeyEvent(.enter))], to: &state)
        apply([.event(.systemNote("Saga failed; the others go on.", .warning))], to: &state)
        return state
    }

    /// A debate: three models, initial stage finished (one with an error), debate stage running,
    /// summary being written.
    static func debate(_ size: Size = Size(width: 80, height: 24)) -> AppState {
        var state = empty(size)
        apply(servers(), to: &state)
        state.input.insert("/debate ollama:llama3.2,ollama:qwen2.5,anthropic:claude-haiku Is fog a colour?")
        apply([.key(KeyEvent(.enter))], to: &state)
        let models = ["ollama:llama3.2", "ollama:qwen2.5", "anthropic:claude-haiku"]
        for (offset, model) in models.enumerated() {
            apply([.event(.cardChanged(CardUpdate(id: "\(model)/initial", group: "Debate · Is fog a colour?", title: model,
                                                  stage: "initial", status: .running)))], to: &state)
            let done = offset == 2
                ? CardUpdate(id: "\(model)/initial", group: "Debate · Is fog a colour?", title: model, stage: "initial",
                             status: .error, message: "429 rate limited: retry after 20 s")
                : CardUpdate(id: "\(model)/initial", group: "Debate · Is fog a colour?", title: model, stage: "initial", status: .done)
            apply([.event(.cardChanged(done))], to: &state)
        }
        for model in models.prefix(2) {
            apply([.event(.cardChanged(CardUpdate(id: "\(model)/debate", group: "Debate · Is fog a colour?", title: model,
                                                  stage: "debate", status: .running)))], to: &state)
        }
        apply([.event(.cardChanged(CardUpdate(id: "ollama:llama3.2/debate", group: "Debate · Is fog a colour?",
                                              title: "ollama:llama3.2", stage: "debate", status: .done))),
               .event(.summaryChanged(.inProgress)),
               .event(.messageStarted(id: 20, speaker: .model("ollama:llama3.2"), model: nil, card: nil)),
               .event(.messageDelta(id: 20, text: "Synthesis: fog is not a pigment but it behaves like one on canvas."))],
              to: &state)
        return state
    }

    static let threadMessages = [
        ThreadMessage(id: 11, speaker: .model("ollama:qwen2.5"), text: "Fog scatters light; painters treat it as a value shift.", status: .complete),
        ThreadMessage(id: 12, speaker: .model("ollama:qwen2.5"), text: "In the debate: I agree with llama on Turner, but", status: .streaming),
    ]

    static let sessions: [Session] = [
        Session(id: 3, kind: .team, title: "Misty harbour", createdAt: Date(timeIntervalSince1970: 1_795_000_000),
                updatedAt: Date(timeIntervalSince1970: 1_795_003_600)),
        Session(id: 2, kind: .debate, title: "Is fog a colour?", createdAt: Date(timeIntervalSince1970: 1_794_900_000),
                updatedAt: Date(timeIntervalSince1970: 1_794_900_600)),
        Session(id: 1, kind: .chat, title: "雨の京都 — rain in Kyoto", createdAt: Date(timeIntervalSince1970: 1_794_800_000),
                updatedAt: Date(timeIntervalSince1970: 1_794_800_060)),
    ]

    static let hits: [SearchHit] = [
        SearchHit(messageID: 4, sessionID: 3, sessionTitle: "Misty harbour", speaker: "Luna", snippet: "…ochre haze over the [fog] bank…"),
        SearchHit(messageID: 9, sessionID: 2, sessionTitle: "Is fog a colour?", speaker: "ollama:qwen2.5", snippet: "[Fog] scatters light; painters…"),
    ]

    static let settings = SettingsData(
        assignments: Specialist.allCases.map { RoleAssignment(role: $0.displayName, model: "ollama:llama3.2") }
            + [RoleAssignment(role: "Master", model: "anthropic:claude-haiku")],
        availableModels: ["ollama:llama3.2", "ollama:qwen2.5", "anthropic:claude-haiku", "local:gemma-3-270m"])
}
