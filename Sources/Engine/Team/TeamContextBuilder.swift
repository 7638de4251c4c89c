import Core
import Foundation

/// Builds the whole context of one specialist call (specialists are stateless): the
/// persona's system prompt and team rules, then one user message with the request, what
/// the person has said since, the conversation so far trimmed to a budget, the phase, and
/// what is asked now. A plain value; pure, so tests check prompts without a model.
///
/// Trimming: turns are kept whole from the newest backwards while they fit in `budget`
/// characters (each cut to a third of the budget); older turns are reduced to their first
/// sentence while a quarter of the budget more allows; the rest are counted as left out.
/// The request and the person's messages are always included (each cut to 600 characters).
struct TeamContextBuilder: Sendable {
    var budget: Int

    /// What the builder needs to know about the session.
    struct Input: Sendable {
        var request: String
        var conversation: [StoredMessage]
        var phase: TeamPhase
        var round: Int
        var maxRounds: Int
    }

    func messages(for persona: TeamPersona, task: SpeakerTask, input: Input) -> [ChatMessage] {
        [.system(persona.systemPrompt + "\n\n" + Self.rules(for: persona)), .user(userText(for: persona, task: task, input: input))]
    }

    func userText(for persona: TeamPersona, task: SpeakerTask, input: Input) -> String {
        let request = input.request.trimmingCharacters(in: .whitespacesAndNewlines)
        var sections = ["The person's request: " + (request.isEmpty ? "(empty)" : SpeakerTask.quote(request, 600))]
        let requestID = input.conversation.first { $0.role == .user }?.id
        let said = input.conversation.filter { $0.role == .user && $0.id != requestID && !$0.content.isEmpty }
        if !said.isEmpty {
            let lines = said.map { "- " + SpeakerTask.quote($0.content, 600) }
            sections.append("What the person has said since, in order (it wins over earlier ideas):\n" + lines.joined(separator: "\n"))
        }
        let lines = transcript(input.conversation, excluding: requestID)
        sections.append("The conversation so far:\n" + (lines.isEmpty ? "(nobody has spoken yet)" : lines.joined(separator: "\n")))
        sections.append("Phase: " + Self.describe(input.phase, round: input.round, of: input.maxRounds) + ".")
        sections.append("What is asked of you now, \(persona.name): " + task.instruction(for: persona))
        return sections.joined(separator: "\n\n")
    }

    /// The conversation as labelled lines, trimmed to the budget.
    func transcript(_ conversation: [StoredMessage], excluding requestID: Int64?) -> [String] {
        let lineCap = max(300, budget / 3)
        let lines = conversation.filter { $0.id != requestID }.compactMap { Self.line($0, cap: lineCap) }
        var kept: [String] = []
        var used = 0
        var cut = lines.count
        for (index, line) in lines.enumerated().reversed() {
            guard used + line.count + 1 <= budget else { break }
            kept.insert(line, at: 0)
            used += line.count + 1
            cut = index
        }
        var digests: [String] = []
        var digestUsed = 0
        var omitted = cut
        for line in lines[..<cut].reversed() {
            let digest = Self.digest(line)
            guard digestUsed + digest.count + 1 <= budget / 4 else { break }
            digests.insert(digest, at: 0)
            digestUsed += digest.count + 1
            omitted -= 1
        }
        let marker = omitted > 0 ? ["(\(omitted) earlier turn\(omitted == 1 ? "" : "s") left out)"] : []
        return marker + digests + kept
    }

    static func line(_ message: StoredMessage, cap: Int) -> String? {
        let text = message.content.split(whereSeparator: \.isNewline).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return nil }
        let label: String
        switch message.role {
        case .user:
            label = "The person"
        case .system:
            label = "Note"
        case .assistant:
            guard message.status == .complete || message.status == .interrupted else { return nil }
            let title = TeamRole(name: message.speaker)?.title ?? "specialist"
            label = message.status == .interrupted ? "\(message.speaker) (\(title), cut off)" : "\(message.speaker) (\(title))"
        }
        let body = text.count > cap ? String(text.prefix(cap - 1)) + "…" : text
        return "\(label): \(body)"
    }

    /// A line reduced to its label and first sentence (at most 100 characters of it).
    static func digest(_ line: String) -> String {
        guard let colon = line.firstIndex(of: ":") else { return String(line.prefix(100)) }
        let label = line[..<colon]
        let body = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        let sentence = body.split(omittingEmptySubsequences: true, whereSeparator: { ".!?".contains($0) }).first.map(String.init) ?? body
        let short = sentence.count > 100 ? String(sentence.prefix(99)) + "…" : sentence
        return "\(label) (in short): \(short)"
    }

    static func describe(_ phase: TeamPhase, round: Int, of total: Int) -> String {
        switch phase {
        case .ideation: return "ideation — first takes; divergent ideas are welcome"
        case .refinement: return "refinement, round \(round) of \(total) — narrowing down to specifics"
        case .synthesis: return "synthesis — Pixel turns the plan into a generation spec"
        case .review: return "review — Lens checks the spec before generation"
        case .adjustment: return "adjustment — the person asked for a change after seeing a result"
        case .ready: return "ready — the spec is approved"
        }
    }

    static func rules(for persona: TeamPersona) -> String {
        "The team: Luna (style), Frame (composition), Saga (story), Pixel (technical director), Lens (quality "
            + "critic). You are stateless: the next message holds everything you know. Speak only as \(persona.name), "
            + "in the first person; never write the other specialists' lines and do not start with your own name."
    }

    /// A prompt made from the conversation itself (the fallback spec's positive prompt):
    /// the request and the person's later messages (bare option letters left out), on one line, at most 1000 characters.
    static func conversationPrompt(request: String, conversation: [StoredMessage]) -> String {
        let requestID = conversation.first { $0.role == .user }?.id
        let later = conversation.filter { $0.role == .user && $0.id != requestID }.map(\.content)
        func oneLine(_ text: String) -> String {
            text.split(whereSeparator: \.isNewline).joined(separator: " ").trimmingCharacters(in: .whitespaces)
        }
        let base = oneLine(request)
        // Answers to clarifying questions are already part of the request.
        let extra = later.map(oneLine).filter { $0.count > 2 && !base.contains($0) }
        let joined = ([base] + extra).filter { !$0.isEmpty }.joined(separator: ", ")
        return joined.count > 1000 ? String(joined.prefix(1000)) : joined
    }
}
