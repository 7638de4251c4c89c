/// One fuzzer input read as choices plus a payload, shared by the libFuzzer harnesses
/// (`Tests/Fuzz`) and the replay tests so both read a saved input the same way.
///
/// Layout: the first `FuzzInput.headerBytes` bytes are choices (a split point, a line cap,
/// a mode...), the rest is the payload fed to the code under test. A shorter input has zero
/// choices and an empty payload. Invariant: `splitPoint` is always in `0...payload.count`.
/// A plain value; any thread may use it.
public struct FuzzInput: Sendable {
    /// How many leading bytes are choices.
    public static let headerBytes = 4

    /// The bytes fed to the code under test.
    public let payload: [UInt8]
    private let header: [UInt8]

    public init(_ bytes: [UInt8]) {
        if bytes.count >= Self.headerBytes {
            header = Array(bytes[0..<Self.headerBytes])
            payload = Array(bytes[Self.headerBytes...])
        } else {
            header = bytes + [UInt8](repeating: 0, count: Self.headerBytes - bytes.count)
            payload = []
        }
    }

    /// Choice byte `index` (0-based, below `headerBytes`), 0 when out of range.
    public func choice(_ index: Int) -> Int {
        index >= 0 && index < header.count ? Int(header[index]) : 0
    }

    /// Where to cut the payload in two: the first two choice bytes, little-endian, modulo
    /// `payload.count + 1` (so 0 and `payload.count` are both reachable).
    public var splitPoint: Int {
        (choice(0) | choice(1) << 8) % (payload.count + 1)
    }

    /// The payload cut at `splitPoint` into two pieces (either may be empty).
    public var twoPieces: [[UInt8]] {
        let cut = splitPoint
        return [Array(payload[0..<cut]), Array(payload[cut...])]
    }

    /// The payload one byte per piece.
    public var bytewisePieces: [[UInt8]] {
        payload.map { [$0] }
    }

    /// The header followed by `payload`: how a seed for a given payload is written.
    public static func encode(split: Int, choice2: UInt8 = 0, choice3: UInt8 = 0, payload: [UInt8]) -> [UInt8] {
        let cut = max(0, split) & 0xFFFF
        return [UInt8(cut & 0xFF), UInt8(cut >> 8), choice2, choice3] + payload
    }
}

/// Failed invariants of one input, collected as one-line messages so a harness can print
/// them and trap, and a test can show them. A plain value owned by one check.
public struct FuzzFailures: Sendable {
    public private(set) var messages: [String] = []

    public init() {}

    /// Records `message` when `condition` is false.
    public mutating func expect(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { messages.append(message()) }
    }

    /// Records a failure unconditionally.
    public mutating func fail(_ message: String) {
        messages.append(message)
    }

    /// Adds another check's failures, each prefixed with `label`.
    public mutating func merge(_ other: FuzzFailures, label: String) {
        messages += other.messages.map { "\(label): \($0)" }
    }

    public var isEmpty: Bool { messages.isEmpty }
}
