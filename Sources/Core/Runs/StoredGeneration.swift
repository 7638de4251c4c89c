import Foundation

/// One image (or video, audio) generation as the store holds it: what asked for it, the
/// workflow and prompts, its status and progress, and, once ComfyUI has it, its prompt id
/// and the archived workflow that was submitted.
///
/// Invariants: `progress` is in 0…1; `error` is set only for `failed`/`cancelled`. A
/// `pending` generation is recorded but not yet submitted to any server. A plain value.
public struct StoredGeneration: Sendable, Hashable, Codable, Identifiable {
    /// Where a generation stands. `pending` → `queued` → `running` → `complete`, or
    /// `failed` / `cancelled`.
    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case pending
        case queued
        case running
        case complete
        case failed
        case cancelled

        public var isTerminal: Bool { self == .complete || self == .failed || self == .cancelled }
    }

    /// What asked for the generation.
    public enum SourceKind: String, Sendable, Hashable, Codable, CaseIterable {
        /// A chorus artist run (`sourceID` is the `ChorusRun` id).
        case chorus
        /// A team session's spec (`sourceID` is the message holding the spec).
        case team
        /// A direct request (`atelier generate`).
        case direct
    }

    public var id: Int64
    public var sessionID: Int64?
    public var sourceKind: SourceKind
    public var sourceID: Int64?
    public var workflowID: String
    public var positive: String
    public var negative: String
    /// The parameters as a JSON object text.
    public var parametersJSON: String
    public var status: Status
    public var progress: Double
    public var error: String?
    public var comfyPromptID: String?
    /// The API-format workflow exactly as submitted, archived with the generation.
    public var workflowJSON: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, sessionID: Int64?, sourceKind: SourceKind, sourceID: Int64?, workflowID: String,
                positive: String, negative: String, parametersJSON: String, status: Status, progress: Double,
                error: String?, comfyPromptID: String?, workflowJSON: String?, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.sessionID = sessionID
        self.sourceKind = sourceKind
        self.sourceID = sourceID
        self.workflowID = workflowID
        self.positive = positive
        self.negative = negative
        self.parametersJSON = parametersJSON
        self.status = status
        self.progress = progress
        self.error = error
        self.comfyPromptID = comfyPromptID
        self.workflowJSON = workflowJSON
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One output file of a generation, saved under the data directory by a name Atelier chose.
/// A plain value.
public struct StoredAsset: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var generationID: Int64
    public var path: String
    public var mediaType: String
    public var bytes: Int
    public var sha256: String
    public var createdAt: Date

    public init(id: Int64, generationID: Int64, path: String, mediaType: String, bytes: Int, sha256: String,
                createdAt: Date) {
        self.id = id
        self.generationID = generationID
        self.path = path
        self.mediaType = mediaType
        self.bytes = bytes
        self.sha256 = sha256
        self.createdAt = createdAt
    }
}
