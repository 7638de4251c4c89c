import Core
import Foundation

/// What the engine asks of a specialist on one turn, and the words it uses to ask. The
/// instruction is the last section of every call ("What is asked of you now"). A plain value.
enum SpeakerTask: Sendable, Hashable {
    /// A first take.
    case ideation
    /// Answer the others and get specific.
    case refinement(round: Int, of: Int)
    /// Answer the person's interjection.
    case answerInterjection(String)
    /// The request is empty or unclear: ask, do not invent.
    case clarify
    /// After a result: what to change for the person's request.
    case adjustment(change: String, version: Int?)
    /// Pixel writes the spec (JSON).
    case synthesize(SynthesisAsk)
    /// Lens reviews a spec version.
    case review(TeamSpecVersion)

    /// A few words for the status board.
    var ask: String {
        switch self {
        case .ideation: return "first take"
        case .refinement(let round, let total): return "refinement round \(round) of \(total): specifics"
        case .answerInterjection(let text): return "answer the person: \(Self.quote(text, 60))"
        case .clarify: return "clarifying questions"
        case .adjustment(let change, _): return "adjust: \(Self.quote(change, 60))"
        case .synthesize(let ask): return ask.retryError == nil ? "write the spec" : "write the spec again (it did not parse)"
        case .review(let version): return "review spec v\(version.version)"
        }
    }

    /// The instruction for `persona`.
    func instruction(for persona: TeamPersona) -> String {
        switch self {
        case .ideation:
            return "Give your first take on the request from your angle (\(persona.focus)). Propose concrete ideas "
                + "freely; diverge rather than agree. At most 120 words."
        case .refinement(let round, let total):
            var text = "Answer the others by name: build on what works and object to what does not. Then be "
                + "specific: \(persona.specifics). If you agree with the plan and have nothing new to add, say "
                + "\"I agree\" and restate the plan in one sentence. At most 120 words."
            if round == total { text += " This is the last round: say clearly whether you agree." }
            return text
        case .answerInterjection(let message):
            return "The person has just interjected: \(Self.quote(message, 600)). Answer them directly and briefly "
                + "from your angle, then say how it changes your plan. Their direction wins over earlier ideas. "
                + "At most 80 words."
        case .clarify:
            return "The request is empty or too vague to plan an image without inventing one. Do not invent a "
                + "scene. Ask the person two or three short clarifying questions (subject, mood, style or purpose) "
                + "as a numbered list, and nothing else."
        case .adjustment(let change, let version):
            let result = version.map { "the result of spec v\($0)" } ?? "the result"
            return "The person has seen \(result) and asks for a change: \(Self.quote(change, 600)). Say in two or "
                + "three sentences exactly what you would change from your angle, keeping everything else as it is."
        case .synthesize(let ask):
            return ask.instruction
        case .review(let version):
            return "Review spec v\(version.version) against the request and the conversation: coherence, risks, "
                + "improvements. Begin your answer with APPROVED if it is ready to generate, or with REVISE: "
                + "followed by the concrete changes Pixel must make. At most 120 words.\nSpec v\(version.version): "
                + SynthesisAsk.json(version.spec)
        }
    }

    static func quote(_ text: String, _ limit: Int) -> String {
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        let cut = oneLine.count > limit ? String(oneLine.prefix(limit - 1)) + "…" : oneLine
        return "“" + cut + "”"
    }
}

/// What Pixel is given to write a spec: the template's defaults, the spec being changed
/// (after a rejection or for an adjustment), Lens's reasons, and the parse error of a
/// first attempt. A plain value.
struct SynthesisAsk: Sendable, Hashable {
    var templateID: String
    var defaults: GenerationSpec
    var previous: TeamSpecVersion?
    var feedback: String?
    var retryError: String?

    var instruction: String {
        var lines = [
            "Turn the team's consensus (and everything the person asked) into the generation spec. Reply with one "
                + "JSON object only, no prose and no code fence, with exactly these keys: template_id (string), "
                + "checkpoint (string), sampler (string), scheduler (string), steps (integer), cfg (number), width "
                + "(integer), height (integer), seed (integer, -1 for random), positive (string), negative (string).",
            "The workflow template is \"\(templateID)\"; its defaults are: \(Self.json(defaults)). Width and height "
                + "are multiples of 8 between 64 and 2048; steps 1 to 150; cfg 1 to 30. The positive prompt carries "
                + "the agreed subject, style, light, composition and story as comma-separated phrases.",
        ]
        if let previous {
            lines.append("The current spec (v\(previous.version)) is: \(Self.json(previous.spec)). Change only what "
                         + "the conversation asks for.")
        }
        if let feedback {
            lines.append("Lens sent the previous spec back: \(SpeakerTask.quote(feedback, 800)). Fix those points.")
        }
        if let retryError {
            lines.append("Your previous answer could not be read: \(retryError). Reply again with the JSON object only.")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ spec: GenerationSpec) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(spec) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
