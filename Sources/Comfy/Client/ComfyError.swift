/// Why a ComfyUI call or job failed, as one clear line for the person (`message`) plus
/// the detail a caller may act on: the kind, the base URL, the HTTP status, one message per
/// node and input for validation errors, the models ComfyUI offers when one is missing.
/// Never contains secrets (ComfyUI has no auth; URLs carry no credentials). A plain value.
public struct ComfyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, for callers that react differently (retry, wait, tell the user).
    public enum Kind: Sendable, Hashable {
        /// Nothing answered at the base URL (refused, unresolvable, timed out).
        case unreachable
        /// `POST /prompt` refused the workflow (HTTP 400, or 200 with node errors).
        case rejected
        /// A checkpoint, LoRA or other model file the workflow names is not installed.
        case missingModel
        /// The workflow template or its parameters are not usable (see the message).
        case invalidWorkflow
        /// Any other unexpected HTTP status.
        case httpStatus
        /// The answer was not the JSON shape ComfyUI sends.
        case malformed
        /// The job ran and failed (`execution_error`).
        case executionFailed
        /// The job failed because the GPU ran out of memory.
        case outOfMemory
        /// The job was interrupted (`execution_interrupted`).
        case interrupted
        /// A server-reported file name or folder was refused before anything was fetched.
        case unsafeOutputName
        /// Fetching or writing an output failed (size cap, truncated body, disk).
        case outputFailed
        /// The caller cancelled.
        case cancelled
    }

    public var kind: Kind
    public var message: String
    /// The ComfyUI base URL involved.
    public var url: String?
    /// The HTTP status, when a response caused it.
    public var status: Int?
    /// One entry per node and input for `rejected` / `missingModel`.
    public var nodeErrors: [NodeErrorMessage]
    /// What ComfyUI offers instead, for `missingModel`.
    public var available: [String]

    public init(_ kind: Kind, _ message: String, url: String? = nil, status: Int? = nil,
                nodeErrors: [NodeErrorMessage] = [], available: [String] = []) {
        self.kind = kind
        self.message = message
        self.url = url
        self.status = status
        self.nodeErrors = nodeErrors
        self.available = available
    }

    public var description: String { message }

    /// The error for a server that does not answer, naming the URL and the fix.
    public static func unreachable(_ baseURL: String, reason: String) -> ComfyError {
        ComfyError(.unreachable,
                   "ComfyUI is not reachable at \(baseURL) (\(reason)). Start ComfyUI there, or point Atelier at it with COMFYUI_URL or \"comfyui_url\" in config.json.",
                   url: baseURL)
    }
}
