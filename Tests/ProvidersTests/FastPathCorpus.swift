/// A seeded generator of JSON texts for the differential tests: string contents with every
/// escape class, non-ASCII and emoji, surrogate-pair escapes, numbers in every form, odd
/// whitespace, shuffled and repeated keys, unexpected fields, and (when asked) the invalid
/// things `JSONSerialization` rejects. Deterministic for a seed, so a failure can be replayed.
struct FastPathCorpus {
    /// SplitMix64: small, fast, and the same on every platform.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    var random: Generator
    /// Whitespace allowed between tokens (SSE data cannot hold CR, an NDJSON line no LF).
    var whitespace: [String]
    /// How often (out of 1000) something invalid is put in.
    var invalidPerMille = 30

    init(seed: UInt64, whitespace: [String]) {
        random = Generator(state: seed)
        self.whitespace = whitespace
    }

    mutating func chance(_ perMille: Int) -> Bool {
        Int.random(in: 0..<1000, using: &random) < perMille
    }

    mutating func pick<T>(_ options: [T]) -> T {
        options[Int.random(in: 0..<options.count, using: &random)]
    }

    /// Whitespace for between tokens: mostly none.
    mutating func space() -> String {
        chance(850) ? "" : pick(whitespace)
    }

    // MARK: Strings

    static let plainPieces = ["a", "Hello", " ", "word", "42", "é", "你好", "🙂", "👩‍👩‍👧", "e\u{301}", "\u{200D}",
                              "\u{FEFF}", "\u{7F}", "\u{2028}", "'", "/", "<>", "{}[],:", "K", "\u{212A}", "ﬁ", "\u{85}", "ñ"]
    static let escapes = ["\\n", "\\t", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\r"]
    static let unitEscapes = ["0000", "001f", "001F", "0022", "005c", "005C", "00e9", "00E9", "2028", "fffe", "FFFF",
                              "d7ff", "E000", "0041", "0301", "200d", "feff", "007f", "0080", "07ff", "0800"]
    static let invalidPieces = ["\\ud800x", "\\udc00", "\\ud800\\ud800", "\\udc00\\ud800", "\\x", "\\u12G4", "\\u12",
                                "\\U0041", "\t", "\u{01}", "\\'", "\\ud83d", "\\ud83d\\n", "\\ud83d\\u0041", "\u{1F}"]

    /// The body of a JSON string (between the quotes).
    mutating func stringBody(maxPieces: Int = 6) -> String {
        var body = ""
        for _ in 0..<Int.random(in: 0...maxPieces, using: &random) {
            switch Int.random(in: 0..<10, using: &random) {
            case 0...4: body += pick(Self.plainPieces)
            case 5, 6: body += pick(Self.escapes)
            case 7: body += "\\u" + pick(Self.unitEscapes)
            case 8: body += surrogatePair()
            default: body += chance(invalidPerMille * 3) ? pick(Self.invalidPieces) : pick(Self.plainPieces)
            }
        }
        return body
    }

    /// A supplementary-plane character as a `\uD8xx\uDCxx` escape pair, in random case.
    mutating func surrogatePair() -> String {
        let scalar = UInt32.random(in: 0x10000...0x10FFFF, using: &random)
        let high = 0xD800 + ((scalar - 0x10000) >> 10)
        let low = 0xDC00 + ((scalar - 0x10000) & 0x3FF)
        let upper = chance(500)
        func hex(_ value: UInt32) -> String { String(value, radix: 16, uppercase: upper) }
        return "\\u" + hex(high) + "\\u" + hex(low)
    }

    mutating func string() -> String {
        "\"" + stringBody() + "\""
    }

    // MARK: Other values

    static let integers = ["0", "1", "7", "12", "-0", "-3", "4096", "123456789012345678", "9223372036854775807",
                           "1234567890123456789", "12345678901234567890"]
    static let otherNumbers = ["1.0", "0.5", "-2.25", "1e2", "1E2", "1e+5", "1e-3", "2.5e10", "0.1e-400",
                               "1.00000000000000000001", "99999999999999999999.5", "1e99", "0.000000000000000000001"]
    static let invalidNumbers = ["01", "-", "1.", ".5", "+1", "1e", "1e400", "-01", "1.5.5", "NaN", "0x10"]

    mutating func number() -> String {
        if chance(invalidPerMille) { return pick(Self.invalidNumbers) }
        return chance(600) ? pick(Self.integers) : pick(Self.otherNumbers)
    }

    /// Any value: what unexpected fields hold.
    mutating func anyValue(depth: Int = 0) -> String {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &random) {
        case 0: return string()
        case 1: return number()
        case 2: return pick(["true", "false", "null"])
        case 3: return chance(invalidPerMille) ? pick(["tru", "nul", "nulll", "True", "none"]) : "null"
        case 4: return string()
        case 5: return object((0..<Int.random(in: 0...3, using: &random)).map { _ in (key(), anyValue(depth: depth + 1)) })
        default: return array((0..<Int.random(in: 0...3, using: &random)).map { _ in anyValue(depth: depth + 1) })
        }
    }

    /// A value for a field the decoders read as a string.
    mutating func stringField() -> String? {
        switch Int.random(in: 0..<20, using: &random) {
        case 0...13: return string()
        case 14, 15: return "null"
        case 16: return nil
        case 17: return number()
        case 18: return pick(["true", "false", "{}", "[]", "[\"a\"]", "{\"text\":\"x\"}"])
        default: return "\"\""
        }
    }

    /// A value for a field the decoders read as an integer.
    mutating func integerField() -> String? {
        switch Int.random(in: 0..<12, using: &random) {
        case 0...6: return pick(Self.integers)
        case 7: return "null"
        case 8: return nil
        case 9: return number()
        default: return pick(["true", "false", "\"12\"", "{}", "[]"])
        }
    }

    /// An unexpected key name (sometimes one with an escape or non-ASCII, which the fast path
    /// leaves to the slow one).
    mutating func key() -> String {
        if chance(40) { return pick(["\"cont\\u0065nt\"", "\"caf\u{E9}\"", "\"\u{212A}\"", "\"\"", "\"a\\\"b\""]) }
        return "\"" + pick(["id", "object", "created", "model", "x", "timings", "obfuscation", "logprobs", "role",
                            "system_fingerprint", "service_tier", "tool_calls", "native_finish_reason", "extra"]) + "\""
    }

    // MARK: Containers

    /// An object from members (key text with quotes, value text), with random whitespace, and
    /// now and then a trailing comma or a missing comma.
    mutating func object(_ members: [(String, String)]) -> String {
        var text = "{" + space()
        for (index, member) in members.enumerated() {
            if index > 0 { text += space() + (chance(invalidPerMille / 3) ? "" : ",") + space() }
            text += member.0 + space() + ":" + space() + member.1
        }
        if !members.isEmpty, chance(invalidPerMille / 2) { text += "," }
        return text + space() + "}"
    }

    mutating func array(_ elements: [String]) -> String {
        var text = "[" + space()
        for (index, element) in elements.enumerated() {
            if index > 0 { text += space() + "," + space() }
            text += element
        }
        if !elements.isEmpty, chance(invalidPerMille / 2) { text += "," }
        return text + space() + "]"
    }

    /// Members in random order, a key of interest repeated now and then, extra fields added.
    mutating func members(_ fields: [(String, String?)], extras: Int = 2) -> [(String, String)] {
        var result = fields.compactMap { field in field.1.map { ("\"" + field.0 + "\"", $0) } }
        for _ in 0..<Int.random(in: 0...extras, using: &random) { result.append((key(), anyValue())) }
        if let repeated = result.first, chance(30) { result.append(repeated) }
        result.shuffle(using: &random)
        return result
    }

    /// The text, broken now and then: cut short, extended, a byte changed, or wrapped.
    mutating func mutate(_ text: String) -> String {
        guard chance(invalidPerMille * 2) else { return text }
        var bytes = Array(text.utf8)
        switch Int.random(in: 0..<6, using: &random) {
        case 0: bytes = Array(bytes.prefix(Int.random(in: 0..<max(1, bytes.count), using: &random)))
        case 1: bytes += Array(pick(["x", "}", " {}", ",", "\u{0B}", "]"]).utf8)
        case 2: if !bytes.isEmpty { bytes[Int.random(in: 0..<bytes.count, using: &random)] = pick(Array("{}[]\",:0a\\ ".utf8)) }
        case 3: bytes = Array("[".utf8) + bytes + Array("]".utf8)
        case 4: bytes = Array(pick(["\u{0C}", "\u{A0}", " ", "\u{FEFF}"]).utf8) + bytes
        default: bytes = Array(pick(["", " ", "null", "\"s\"", "[]", "42", "{}"]).utf8)
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
