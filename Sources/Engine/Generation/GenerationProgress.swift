import Comfy

/// How far a generation is, overall: a fraction in 0…1 that never goes back within one
/// submission, and the node working now with its own step count when it reports one.
/// A plain value.
public struct GenerationProgress: Sendable, Hashable {
    public var fraction: Double
    public var node: String?
    public var classType: String?
    /// The node's own progress (sampler steps…), when it reports one.
    public var value: Double?
    public var maximum: Double?

    public init(fraction: Double, node: String? = nil, classType: String? = nil, value: Double? = nil, maximum: Double? = nil) {
        self.fraction = fraction
        self.node = node
        self.classType = classType
        self.value = value
        self.maximum = maximum
    }
}

/// Folds job events into an overall fraction: nodes done (cached ones included) plus the
/// current node's own progress, over the graph's node count, held below 1 until the job
/// succeeds. Used by one follower task; a plain value.
struct ProgressTracker {
    private var total = 1
    private var done: Set<String> = []
    private var classes: [String: String] = [:]
    private var current: String?
    private var within = 0.0
    private(set) var latest = GenerationProgress(fraction: 0)

    /// Starts again for a graph (a new submission).
    mutating func reset(graph: JSONValue) {
        let nodes = graph.objectValue ?? [:]
        total = max(1, nodes.count)
        classes = nodes.compactMapValues { $0["class_type"]?.stringValue }
        done = []
        current = nil
        within = 0
        latest = GenerationProgress(fraction: 0)
    }

    /// The new progress after `event`, or nil when it does not move.
    mutating func apply(_ event: GenerationEvent) -> GenerationProgress? {
        var value: Double?
        var maximum: Double?
        switch event {
        case .cached(let nodes):
            done.formUnion(nodes)
        case .nodeStarted(let node, _):
            if let current { done.insert(current) }
            current = node
            within = 0
        case .progress(let node, let step, let steps):
            if let node, node != current {
                if let current { done.insert(current) }
                current = node
            }
            within = steps > 0 ? min(1, max(0, step / steps)) : 0
            value = step
            maximum = steps
        default:
            return nil
        }
        let finished = Double(done.subtracting(current.map { [$0] } ?? []).count)
        let fraction = min(0.99, max(latest.fraction, (finished + within) / Double(total)))
        let next = GenerationProgress(fraction: fraction, node: current, classType: current.flatMap { classes[$0] },
                                      value: value, maximum: maximum)
        guard next != latest else { return nil }
        latest = next
        return next
    }
}
