/// One place in an API workflow that a parameter writes to: a node id and one of its input
/// names. A plain value.
public struct BindingTarget: Sendable, Hashable, CustomStringConvertible {
    /// The node id (a key of the API workflow), e.g. "3".
    public var node: String
    /// The input name inside that node's `inputs`, e.g. "seed".
    public var input: String

    public init(node: String, input: String) {
        self.node = node
        self.input = input
    }

    public var description: String { "node \(node) input '\(input)'" }
}

/// A named workflow parameter (`prompt`, `seed`, `width`...) and the node inputs it fills.
/// Invariant: `targets` is non-empty. A parameter may fill several inputs (e.g. `duration`
/// sets both the latent length and the conditioning length). A plain value.
public struct WorkflowBinding: Sendable, Hashable {
    /// The parameter name as callers and `--set` use it.
    public var name: String
    /// The value type every target receives.
    public var kind: ParameterKind
    /// The node inputs written, in sidecar order.
    public var targets: [BindingTarget]

    public init(name: String, kind: ParameterKind, targets: [BindingTarget]) {
        self.name = name
        self.kind = kind
        self.targets = targets
    }
}

/// The parameter names Atelier knows and the type each takes. A sidecar may bind other
/// names too (giving a `type`, or letting the workflow's literal decide). Stateless.
public enum StandardParameter {
    /// Name → kind for the well-known parameters.
    public static let kinds: [String: ParameterKind] = [
        "prompt": .string,
        "negative_prompt": .string,
        "seed": .int,
        "steps": .int,
        "cfg": .float,
        "sampler": .string,
        "scheduler": .string,
        "width": .int,
        "height": .int,
        "checkpoint": .string,
        "denoise": .float,
        "duration": .float,
        "frames": .int,
        "fps": .float,
        "input_image": .string,
        "filename_prefix": .string,
        "batch_size": .int,
        "scale_by": .float,
        "upscale_method": .string,
    ]

    /// The kind of a well-known parameter, nil for other names.
    public static func kind(of name: String) -> ParameterKind? { kinds[name] }
}
