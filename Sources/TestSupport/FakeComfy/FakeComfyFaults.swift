/// What the fake ComfyUI should do wrong, set by a test (`FakeComfyServer.update`). Each
/// fault is independent; one-shot faults clear themselves when used. A plain value.
public struct FakeComfyFaults: Sendable {
    /// A server-reported output name to use instead of the real one.
    public struct OutputName: Sendable, Hashable {
        public var filename: String
        public var subfolder: String

        public init(filename: String, subfolder: String = "") {
            self.filename = filename
            self.subfolder = subfolder
        }
    }

    /// How `/view` answers instead of serving the file.
    public enum ViewBody: Sendable, Hashable {
        /// Declares this Content-Length (and sends PNG-looking bytes of that size).
        case declaredLength(Int)
        /// Chunked, never ending (until the client stops reading).
        case endless
    }

    /// Jobs whose image is larger than this many pixels run out of GPU memory.
    public var outOfMemoryAbovePixels: Int?
    /// The next N jobs run out of GPU memory whatever their size.
    public var outOfMemoryNextJobs = 0
    /// During the next job, drop every socket after this many of the job's events (one-shot).
    public var dropSocketAfterEvents: Int?
    /// The next job reports these output names (and writes no file for them). One-shot.
    public var hostileOutputs: [OutputName]?
    /// Answer `/ws` with 404.
    public var refuseWebSocket = false
    /// Accept every HTTP request and never answer (until the client gives up).
    public var stallRequests = false
    /// Keep queued jobs pending (the worker takes nothing) until cleared.
    public var holdQueue = false
    /// Take queued jobs as running, then go silent: no event, no history, no end, until
    /// cleared (the job then runs as usual) or the job is forgotten (`forgetJobs`).
    public var silenceJobs = false
    /// Run jobs to the end (files, history) without sending any of their events on a socket.
    public var muteJobEvents = false
    /// Replace `/view` bodies.
    public var viewBody: ViewBody?
    /// Seconds between a job's events (so a test can interrupt mid-run).
    public var stepDelay = 0.002
    /// Which real server to imitate (not a fault as such: an older server's manners).
    public var dialect = FakeComfyDialect.current

    public init() {}
}
