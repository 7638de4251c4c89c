import Comfy
import Core
import Engine
import Foundation
import Store

/// `atelier generate`: renders one ComfyUI workflow, with a progress bar on standard error,
/// and prints the saved files on standard output; the generation and its files are recorded
/// (see `atelier generations show ID`).
public struct GenerateVerb: Verb {
    public init() {}
    public let name = "generate"
    public let summary = "render a ComfyUI workflow; prints the saved files"
    public let help = """
    Usage: atelier generate -w WORKFLOW [--set NAME=VALUE]... [options] [PROMPT...]

    Sends one job to ComfyUI (COMFYUI_URL, else "comfyui_url" in config.json, else
    http://127.0.0.1:8188), shows its progress on standard error (a bar on a terminal,
    plain lines otherwise) and prints each saved file's path on standard output. Files go
    to <data>/generations/<session or "direct">/<generation id>/. PROMPT fills the
    workflow's prompt (read from standard input when it is missing and piped); a workflow
    without a prompt input (probe-modelfree) needs none.

    Options:
      -w, --workflow ID     the workflow (see `atelier workflows list`)
      --set NAME=VALUE      a parameter: steps=30, width=768, seed=42, checkpoint=x.safetensors
      --negative TEXT       the negative prompt (default: the workflow's)
      --image FILE          the input image of an image-to-image or upscale workflow
      --session ID          record the generation in this session (folder <data>/generations/ID)
      --intercept CONTEXT   rewrite the prompt first with this creative context (needs a model)
      --optimize            then rewrite it with the workflow's optimization instruction
      -m, --model MODEL     the model for --intercept / --optimize (default: default_model)
      --no-send             record the generation (and the rewritten prompt) without sending it;
                            edit it with `generations edit`, send it with `generations send`
      --wait SECONDS        how long to wait for an unreachable ComfyUI (default 0: fail at once)
      --json                one JSON event per line on standard output instead

    Exit codes: 0 saved, 1 the job failed (out of GPU memory twice, a node error),
    2 bad command line or parameter, 3 missing model or broken workflow, 4 ComfyUI
    unreachable, 5 ComfyUI refused the workflow, 130 Ctrl-C (the job is interrupted on ComfyUI).

    """

    static let spec = ArgumentList.Spec(
        flags: [["--json"], ["--optimize"], ["--no-send"]],
        options: [["-w", "--workflow"], ["--set"], ["--session"], ["--negative"], ["--image"], ["--intercept"],
                  ["-m", "--model"], ["--wait"]])

    /// Inputs are capped: a larger `--image` is refused.
    static let maxImageBytes = 64 << 20

    public func run(_ arguments: [String], context: CLIContext) async throws -> ExitCode {
        let args = try ArgumentList(arguments, spec: Self.spec, verb: name)
        guard let workflowID = args.value("-w") else { throw CLIError.usage("choose a workflow with -w ID", verb: name) }
        let settings = try args.values("--set").map { try Self.setting($0, verb: name) }
        let wait = try Self.seconds(args.value("--wait"), verb: name) ?? 0
        let sessionID = try args.value("--session").map { text -> Int64 in
            guard let id = Int64(text), id > 0 else { throw CLIError.usage("--session needs a session number", verb: name) }
            return id
        }
        let config = try context.loadConfig()
        let library = GenerationWiring.library(config)
        return try await context.withStore(config) { store in
            let service = GenerationWiring.service(config, store: store, waitSeconds: wait, library: library)
            let template: WorkflowTemplate
            do {
                template = try service.template(id: workflowID)
            } catch let error as GenerationServiceError {
                throw GenerationExitCodes.cliError(error, verb: name)
            }
            let prompt = try Self.prompt(args.positionals, required: template.bindings["prompt"] != nil, verb: name)
            let image = try args.value("--image").map { try Self.image($0, template: template, verb: name) }
            if let sessionID, try await store.session(id: sessionID) == nil {
                throw CLIError("no session #\(sessionID) (see `atelier sessions list`)", code: .usage)
            }
            let interrupt = GenerationInterrupt()
            let trap = SignalTrap { _ in interrupt.fire() }
            defer { trap.cancel() }
            let work = Task<ExitCode, Error> {
                var order: GenerationOrder
                do {
                    order = try GenerationOrder.direct(template: template, prompt: prompt, settings: settings,
                                                       negative: args.value("--negative"), sessionID: sessionID)
                } catch let error as GenerationServiceError {
                    throw GenerationExitCodes.cliError(error, verb: name)
                }
                let plan = try await Self.plan(args, config: config, store: store, order: &order, context: context)
                let details: GenerationDetails
                do {
                    details = try await service.prepare(order, plan: plan)
                } catch let error as GenerationServiceError {
                    throw GenerationExitCodes.cliError(error, verb: name)
                }
                if args.has("--no-send") {
                    Self.printRecorded(details, json: args.has("--json"), context: context)
                    return .success
                }
                let handle = try await service.send(generationID: details.generation.id, inputImage: image)
                interrupt.watch(handle)
                return await GenerationConsole.follow(handle, context: context, json: args.has("--json"), verb: name,
                                                      trapSignals: false)
            }
            interrupt.watch(work)
            do {
                return try await work.value
            } catch {
                if interrupt.fired { return .interrupted }
                throw error
            }
        }
    }

    /// The prompt pipeline plan for --intercept / --optimize, with its model; a session is
    /// made for the model's exchanges when none was given (the generation joins it).
    static func plan(_ args: ArgumentList, config: ResolvedConfig, store: Store, order: inout GenerationOrder,
                     context: CLIContext) async throws -> PromptPlan? {
        let creative = args.value("--intercept") ?? ""
        guard !creative.isEmpty || args.has("--optimize") else { return nil }
        let catalog = ModelCatalog(config: config, credentials: context.credentials(for: config))
        let model: ModelRef
        do {
            model = try args.value("-m").map { try catalog.resolve(text: $0) } ?? config.defaultModel
            _ = try catalog.resolve(model)
        } catch {
            throw CLIErrorMapper.map(error)
        }
        if order.sessionID == nil {
            let session = try await store.createSession(kind: .chat, title: "generate: " + MessageFormatter.oneLine(order.prompt, limit: 60))
            order.sessionID = session.id
        }
        let rewriter = ModelPromptRewriter(runner: TurnRunner(store: store, directory: catalog), model: model,
                                           sessionID: order.sessionID ?? 0)
        return PromptPlan(interceptionContext: creative, optimize: args.has("--optimize"), rewrite: rewriter.closure)
    }

    static func printRecorded(_ details: GenerationDetails, json: Bool, context: CLIContext) {
        if json {
            context.streams.out(JSONLines().line(details))
            return
        }
        context.streams.outUntrusted(GenerationFormatter.details(details))
        let id = details.generation.id
        context.streams.err("Recorded, not sent: edit with `atelier generations edit \(id) --prompt TEXT`, send with `atelier generations send \(id)`.\n")
    }
}
