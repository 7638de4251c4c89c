import Core
import Foundation
import Store

/// What the brush is asked to render for one artist run: the image prompt and the group's
/// fixed brush settings, with where it came from. A plain value.
public struct BrushRequest: Sendable, Hashable {
    public var groupID: Int64
    public var runID: Int64
    public var sessionID: Int64
    public var artist: Artist
    public var imagePrompt: String
    public var brush: BrushSettings

    public init(groupID: Int64, runID: Int64, sessionID: Int64, artist: Artist, imagePrompt: String,
                brush: BrushSettings) {
        self.groupID = groupID
        self.runID = runID
        self.sessionID = sessionID
        self.artist = artist
        self.imagePrompt = imagePrompt
        self.brush = brush
    }
}

/// What the brush answered: the generation it recorded or queued, and its cost if known.
public struct BrushReceipt: Sendable, Hashable {
    public var generationID: Int64
    public var cost: Double?

    public init(generationID: Int64, cost: Double? = nil) {
        self.generationID = generationID
        self.cost = cost
    }
}

/// The generation interface the chorus paints through. An implementation records a
/// `generations` row for the request (and may submit it to ComfyUI) and returns its id;
/// it throws when the request cannot even be recorded. Implementations are Sendable and
/// called from many artist tasks at once.
public protocol GenerationSink: Sendable {
    func submit(_ request: BrushRequest) async throws -> BrushReceipt
}

/// The brush until ComfyUI is wired: records the image prompt as a `pending` generation
/// (workflow, positive, negative, parameters as JSON, source `chorus` + run id) for the
/// ComfyUI layer to pick up. Sendable; any task.
public struct PendingGenerationSink: GenerationSink {
    public let store: Store

    public init(store: Store) {
        self.store = store
    }

    public func submit(_ request: BrushRequest) async throws -> BrushReceipt {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let parameters = String(decoding: try encoder.encode(request.brush.parameters), as: UTF8.self)
        let generation = try await store.insertGeneration(sessionID: request.sessionID, sourceKind: .chorus,
                                                          sourceID: request.runID, workflowID: request.brush.workflowID,
                                                          positive: request.imagePrompt,
                                                          negative: request.brush.negativePrompt,
                                                          parametersJSON: parameters)
        return BrushReceipt(generationID: generation.id)
    }
}
