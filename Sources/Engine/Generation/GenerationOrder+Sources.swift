import Comfy
import Core

extension GenerationOrder {
    /// An order from typed input: `settings` are `--set` pairs, parsed by each binding's
    /// type. Strict: an unknown name, a value that does not parse, or `prompt` (give it as
    /// the prompt) throws `invalidParameter` naming the parameter and what is accepted.
    public static func direct(template: WorkflowTemplate, prompt: String, settings: [(String, String)],
                              negative: String? = nil, sessionID: Int64? = nil) throws(GenerationServiceError) -> GenerationOrder {
        var order = GenerationOrder(workflowID: template.id, prompt: prompt, negative: negative, sessionID: sessionID)
        for (name, text) in settings {
            if name == "prompt" {
                throw GenerationServiceError(.invalidParameter, "give the prompt as the argument, not with --set prompt=…")
            }
            let value: WorkflowValue
            do {
                value = try template.parameterValue(named: name, fromText: text)
            } catch {
                throw GenerationServiceError(.invalidParameter, error.message)
            }
            if name == "negative_prompt", case .string(let text) = value {
                order.negative = text
            } else {
                order.parameters[name] = value
            }
        }
        return order
    }

    /// An order from the team's approved spec (source `team`, `sourceID` the message that
    /// holds it). Lenient; a seed of 0 means "any seed" (the spec's decoding turns a random
    /// request into 0, and a fixed seed would let ComfyUI answer from its cache). `idea`, the
    /// person's request, makes the spec's prompt the stored interception (the team's).
    public static func spec(_ spec: GenerationSpec, template: WorkflowTemplate, sessionID: Int64,
                            sourceID: Int64? = nil, idea: String? = nil) -> GenerationOrder {
        var values: [String: WorkflowValue] = [
            "checkpoint": .string(spec.checkpoint), "sampler": .string(spec.sampler), "scheduler": .string(spec.scheduler),
            "steps": .int(Int64(spec.steps)), "cfg": .float(spec.cfg), "width": .int(Int64(spec.width)),
            "height": .int(Int64(spec.height)),
        ]
        if spec.seed > 0 { values["seed"] = .int(Int64(spec.seed)) }
        var order = GenerationOrder(workflowID: template.id, prompt: spec.positive, sessionID: sessionID,
                                    sourceKind: .team, sourceID: sourceID, idea: idea)
        if template.bindings["negative_prompt"] != nil { order.negative = spec.negative }
        order.adopt(values, from: template, source: "the spec")
        return order
    }

    /// An order for a chorus artist's image prompt with the group's fixed brush (source
    /// `chorus`, `sourceID` the artist run). Lenient.
    public static func brush(_ request: BrushRequest, template: WorkflowTemplate) -> GenerationOrder {
        var values: [String: WorkflowValue] = [:]
        for (name, value) in request.brush.parameters {
            switch value {
            case .string(let text): values[name] = .string(text)
            case .bool(let flag): values[name] = .bool(flag)
            case .number(let number):
                values[name] = number.rounded() == number && abs(number) < 9e15 ? .int(Int64(number)) : .float(number)
            }
        }
        var order = GenerationOrder(workflowID: template.id, prompt: request.imagePrompt, sessionID: request.sessionID,
                                    sourceKind: .chorus, sourceID: request.runID)
        if template.bindings["negative_prompt"] != nil, !request.brush.negativePrompt.isEmpty {
            order.negative = request.brush.negativePrompt
        }
        order.adopt(values, from: template, source: "the brush")
        return order
    }

    /// Keeps the values the template takes, converted to each binding's type and moved inside
    /// its limits; says in `notes` what was left out or moved.
    mutating func adopt(_ values: [String: WorkflowValue], from template: WorkflowTemplate, source: String) {
        for name in values.keys.sorted() {
            guard let given = values[name], !Self.promptNames.contains(name) else { continue }
            guard let binding = template.bindings[name] else {
                notes.append("\(source)'s \(name) was left out: workflow '\(template.id)' does not take it")
                continue
            }
            guard var value = given.converted(to: binding.kind) else {
                notes.append("\(source)'s \(name) (\(given)) was left out: workflow '\(template.id)' takes \(binding.kind.phrase)")
                continue
            }
            if let limit = template.limits[name], let reason = limit.violation(of: value) {
                guard let moved = limit.clamped(value) else {
                    notes.append("\(source)'s \(name) was left out: \(reason)")
                    continue
                }
                notes.append("\(source)'s \(name): \(reason); used \(moved)")
                value = moved
            }
            parameters[name] = value
        }
    }
}
