/// One prompt in the fake's queue. A plain value.
struct FakeJob: Sendable {
    var number: Int
    var promptID: String
    var graph: FakeComfyJSON
    var extraData: FakeComfyJSON
    var clientID: String?
    var outputs: [String]

    /// The `[number, prompt_id, prompt, extra_data, outputs]` form of `/queue` and history.
    var queueItem: FakeComfyJSON {
        [.int(Int64(number)), .string(promptID), graph, extraData, .array(outputs.map { .string($0) })]
    }
}

/// What one request to the fake looked like, for tests that check the client's manners
/// (no `Origin` header, the right paths). A plain value.
public struct FakeComfyRequest: Sendable, Hashable {
    public var method: String
    public var target: String
    public var headers: [String: String]
}

/// Everything the fake ComfyUI remembers, behind one lock in `FakeComfyCore`. History and
/// the queue live in memory and are lost on a restart, as in ComfyUI. A plain value.
struct FakeComfyState: Sendable {
    var checkpoints = ["v1-5-pruned-emaonly.safetensors", "sd_xl_base_1.0.safetensors",
                       "stable-audio-open-1.0.safetensors", "ltx-video-2b-v0.9.5.safetensors"]
    var textEncoders = ["t5_base.safetensors", "t5xxl_fp16.safetensors"]
    var samplers = ["euler", "euler_ancestral", "heun", "dpm_2", "dpmpp_2m", "dpmpp_2m_sde", "dpmpp_3m_sde_gpu", "ddim", "uni_pc"]
    var schedulers = ["normal", "karras", "exponential", "sgm_uniform", "simple", "ddim_uniform", "beta"]
    var inputFiles = ["example.png"]
    var faults = FakeComfyFaults()
    var number = 0
    var pending: [FakeJob] = []
    /// Queued jobs whose `status` broadcast has not gone out yet: the worker leaves them
    /// alone, so that, as on the real server, the queue's `status` precedes `execution_start`.
    var unannounced = Set<String>()
    var running: FakeJob?
    var history: [(String, FakeComfyJSON)] = []
    var interruptRequested = Set<String>()
    var peers: [String: FakeWebSocketPeer] = [:]
    /// The last socket of each client id, kept after it closes (for its recorded frames).
    var lastPeers: [String: FakeWebSocketPeer] = [:]
    var promptBodies: [FakeComfyJSON] = []
    var interrupts: [String?] = []
    var deleted: [String] = []
    var requests: [FakeComfyRequest] = []
    var counters: [String: Int] = [:]

    var catalog: FakeNodeCatalog {
        FakeNodeCatalog(checkpoints: checkpoints, textEncoders: textEncoders, inputFiles: inputFiles,
                        samplers: samplers, schedulers: schedulers)
    }

    var queueRemaining: Int { pending.count + (running == nil ? 0 : 1) }

    /// Forgets the queue and history (a restart), keeping the configuration and faults.
    mutating func forgetJobs(keepingSockets: Bool = false) {
        pending = []
        running = nil
        history = []
        interruptRequested = []
        if !keepingSockets { peers = [:] }
    }
}
