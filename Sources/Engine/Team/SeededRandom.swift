/// Reproducible randomness for the engine (SplitMix64): the same seed gives the same
/// numbers on every machine. A plain value; each owner keeps its own copy.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for one purpose, derived from a base seed and any number of parts
    /// (a session id, a spec version...), so that restarting a process repeats the numbers.
    public init(seed: UInt64, parts: [UInt64]) {
        var mixer = SeededRandom(seed: seed)
        var mixed = mixer.next()
        for part in parts {
            mixer = SeededRandom(seed: mixed ^ part &* 0x9E37_79B9_7F4A_7C15)
            mixed = mixer.next()
        }
        state = mixed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A generation seed within `GenerationSpec.Limits.seed`.
    public mutating func generationSeed() -> Int {
        Int(next() % UInt64(4_294_967_296))
    }
}
