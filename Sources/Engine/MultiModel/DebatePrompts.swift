import Core
import Foundation

/// The texts a multi-model run sends: the debate prompt (the others' first answers under
/// their labels, never a model name, never the reader's own answer), the synthesis request
/// and the summary request. Stateless; any thread.
enum DebatePrompts {
    /// An answer as it is shown to another model or to the master: label and text.
    struct LabelledAnswer: Sendable, Hashable {
        var label: String
        var text: String
    }

    /// The debate prompt for one model: the others' first answers, by label only.
    static func debate(others: [LabelledAnswer]) -> String {
        var text = """
            Other assistants answered the same request independently. Their answers follow, anonymised.
            """
        for answer in others {
            text += "\n\n--- Response \(answer.label) ---\n\(answer.text.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
        text += """


            --- end of the other answers ---

            Read them critically. Where another answer is better or corrects you, revise; where you were \
            right, keep your position and say briefly why. Reply with your complete, revised answer to the \
            original request, not a commentary on the others.
            """
        return text
    }

    static let synthesisSystem = """
        You are the master model of a multi-model run. Several assistants answered the person's request, read \
        each other's answers and revised. Write the single best final answer to the request: combine their \
        strengths, resolve their disagreements, drop their mistakes. Answer the person directly.
        """

    /// The synthesis request: the prompt and each model's latest answer, by label.
    static func synthesis(prompt: String, answers: [LabelledAnswer]) -> String {
        var text = "The request:\n\(prompt)\n\nThe assistants' final answers:"
        for answer in answers {
            text += "\n\n--- Response \(answer.label) ---\n\(answer.text.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
        text += "\n\n--- end ---\n\nWrite the final answer."
        return text
    }

    static let summarySystem = """
        You write the run summary of a multi-model run for the person who asked. In a few short sentences or \
        bullets: which models agreed at first, which differed and why (when they said), and what the debate \
        changed (who revised what, who held firm). Be factual; name each model by its label and model name.
        """

    /// One model's part in the summary request.
    struct SummaryLine: Sendable, Hashable {
        var label: String
        var model: String
        var first: String?
        var revised: String?
        var problem: String?
    }

    /// The summary request: the prompt, the first answers and the revised answers, with
    /// model names (the summary is for the person, not for the debaters).
    static func summary(prompt: String, lines: [SummaryLine], debateSkipped: String?) -> String {
        var text = "The request:\n\(prompt)\n\nFirst answers:"
        for line in lines {
            let body = line.first?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "(no answer: \(line.problem ?? "failed"))"
            text += "\n\n--- Response \(line.label) (\(line.model)) ---\n\(body)"
        }
        if let debateSkipped {
            text += "\n\nThere was no debate: \(debateSkipped)."
        } else {
            text += "\n\nAnswers after the debate:"
            for line in lines where line.first != nil {
                let body = line.revised?.trimmingCharacters(in: .whitespacesAndNewlines)
                    ?? "(did not revise: \(line.problem ?? "failed"))"
                text += "\n\n--- Response \(line.label) (\(line.model)) ---\n\(body)"
            }
        }
        text += "\n\n--- end ---\n\nWrite the run summary."
        return text
    }
}
