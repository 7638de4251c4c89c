import Core
@testable import Providers
import TestSupport

// Invariant checks of the framing harnesses (`sse`, `ndjson`), compiled both into the
// libFuzzer harnesses by `Tests/Fuzz/build.sh` and into ProvidersTests by the replay tests.

/// What one run of a framing parser produced: the items returned before any error, and the
/// error (kind and message), if one was thrown. A plain value.
struct FramingOutcome<Item: Hashable>: Hashable {
    var items: [Item] = []
    var error: String?
}

/// The line cap a framing or decoder check uses: choice byte 2 picks the default cap (1 MiB)
/// when below 128, else a cap of 1...128 bytes so the over-long-line path is reached.
func fuzzLineCap(_ input: FuzzInput) -> Int {
    let choice = input.choice(2)
    return choice < 128 ? LineSplitter.defaultMaxLineBytes : choice - 127
}

/// Describes a thrown error as the checks compare it: kind and message.
func describeFuzzError(_ error: any Error) -> String {
    if let error = error as? ProviderError { return "\(error.kind): \(error.message)" }
    return "not a ProviderError: \(error)"
}

/// The `sse` harness: `SSEParser` fed whole, cut at the chosen point and one byte at a time
/// agrees with itself and with `ReferenceSSE`; events keep their invariants.
enum SSEFuzzCheck {
    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        let input = FuzzInput(bytes)
        let cap = fuzzLineCap(input)
        var failures = FuzzFailures()
        let whole = parse([input.payload], cap: cap)
        let split = parse(input.twoPieces, cap: cap)
        let bytewise = parse(input.bytewisePieces, cap: cap)
        let reference = ReferenceSSE.parse(input.payload, maxLineBytes: cap)

        failures.expect(bytewise.outcome.items == reference.events,
                        "byte-by-byte events \(bytewise.outcome.items) differ from the reference \(reference.events)")
        failures.expect((bytewise.outcome.error == nil) == reference.isValid,
                        "byte-by-byte error \(bytewise.outcome.error ?? "none") but the reference says valid: \(reference.isValid)")
        for (label, run) in [("whole", whole), ("split at \(input.splitPoint)", split)] {
            failures.expect(run.outcome.error == bytewise.outcome.error,
                            "\(label): error \(run.outcome.error ?? "none") differs from byte-by-byte \(bytewise.outcome.error ?? "none")")
            failures.expect(run.outcome.items.count <= bytewise.outcome.items.count
                                && Array(bytewise.outcome.items.prefix(run.outcome.items.count)) == run.outcome.items,
                            "\(label): events \(run.outcome.items) are not a prefix of byte-by-byte \(bytewise.outcome.items)")
            if run.outcome.error == nil {
                failures.expect(run.outcome.items == bytewise.outcome.items, "\(label): events differ from byte-by-byte")
                failures.expect(run.reconnectionTime == reference.reconnectionTime,
                                "\(label): retry \(String(describing: run.reconnectionTime)) differs from the reference \(String(describing: reference.reconnectionTime))")
            }
        }
        for event in bytewise.outcome.items {
            failures.expect(!event.type.isEmpty, "an event has an empty type")
            failures.expect(!event.type.contains("\n") && !event.type.contains("\r"), "an event type holds a line break")
            failures.expect(!event.data.unicodeScalars.contains("\r"), "event data holds a CR")
            failures.expect(!event.lastEventID.contains("\0"), "an event id holds NUL")
        }
        return failures
    }

    struct Run {
        var outcome = FramingOutcome<SSEEvent>()
        var reconnectionTime: Int?
    }

    static func parse(_ pieces: [[UInt8]], cap: Int) -> Run {
        var parser = SSEParser(maxLineBytes: cap)
        var run = Run()
        do {
            for piece in pieces { run.outcome.items += try parser.feed(piece) }
            run.outcome.items += try parser.finish()
        } catch {
            run.outcome.error = describeFuzzError(error)
            // A failed parser stays failed.
            do {
                _ = try parser.feed([0x0A, 0x0A])
                run.outcome.error = (run.outcome.error ?? "") + " (then accepted more bytes)"
            } catch {}
        }
        run.reconnectionTime = parser.reconnectionTime
        return run
    }
}

/// The `ndjson` harness: `NDJSONParser` fed whole, cut at the chosen point and one byte at a
/// time agrees with itself and with `ReferenceNDJSON`.
enum NDJSONFuzzCheck {
    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        let input = FuzzInput(bytes)
        let cap = fuzzLineCap(input)
        var failures = FuzzFailures()
        let whole = parse([input.payload], cap: cap)
        let split = parse(input.twoPieces, cap: cap)
        let bytewise = parse(input.bytewisePieces, cap: cap)
        let reference = ReferenceNDJSON.parse(input.payload, maxLineBytes: cap)

        failures.expect(bytewise.items == reference.lines,
                        "byte-by-byte lines \(bytewise.items) differ from the reference \(reference.lines)")
        failures.expect((bytewise.error == nil) == reference.isValid,
                        "byte-by-byte error \(bytewise.error ?? "none") but the reference says valid: \(reference.isValid)")
        for (label, run) in [("whole", whole), ("split at \(input.splitPoint)", split)] {
            failures.expect(run.error == bytewise.error,
                            "\(label): error \(run.error ?? "none") differs from byte-by-byte \(bytewise.error ?? "none")")
            failures.expect(run.items.count <= bytewise.items.count
                                && Array(bytewise.items.prefix(run.items.count)) == run.items,
                            "\(label): lines \(run.items) are not a prefix of byte-by-byte \(bytewise.items)")
            if run.error == nil {
                failures.expect(run.items == bytewise.items, "\(label): lines differ from byte-by-byte")
            }
        }
        for line in bytewise.items {
            failures.expect(!line.isEmpty && !line.utf8.contains(0x0A), "a line is empty or holds an LF: \(line.debugDescription)")
        }
        return failures
    }

    static func parse(_ pieces: [[UInt8]], cap: Int) -> FramingOutcome<String> {
        var parser = NDJSONParser(maxLineBytes: cap)
        var outcome = FramingOutcome<String>()
        do {
            for piece in pieces { outcome.items += try parser.feed(piece) }
            outcome.items += try parser.finish()
        } catch {
            outcome.error = describeFuzzError(error)
        }
        return outcome
    }
}

/// A deliberately plain Server-Sent Events reader over the whole body (WHATWG rules, as
/// `SSEParser` documents them), the oracle of the `sse` check: lines end in CR, LF or CRLF;
/// a BOM starts the stream; one space after the colon is dropped; `data` lines join with LF;
/// an event is dispatched on an empty line if it has data; `id` without NUL sets the last id;
/// `retry` takes ASCII digits; the unterminated last line is dropped. Failures, in stream
/// order: a line over the cap, invalid UTF-8 in a dispatched event's data or name, or in an id.
enum ReferenceSSE {
    struct Result {
        var events: [SSEEvent] = []
        var isValid = true
        var reconnectionTime: Int?
    }

    static func parse(_ body: [UInt8], maxLineBytes: Int) -> Result {
        var result = Result()
        let (lines, tail) = splitLines(body, anyNewline: true)
        var data: [UInt8] = []
        var hasData = false
        var type: [UInt8] = []
        var lastID = ""
        for (index, raw) in lines.enumerated() {
            guard raw.count <= maxLineBytes else { return failed(result) }
            var line = raw
            if index == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.isEmpty {
                defer { data = []; hasData = false; type = [] }
                guard hasData else { continue }
                guard let text = String(validating: data, as: UTF8.self) else { return failed(result) }
                let name: String
                if type.isEmpty {
                    name = "message"
                } else if let decoded = String(validating: type, as: UTF8.self) {
                    name = decoded
                } else {
                    return failed(result)
                }
                result.events.append(SSEEvent(type: name, data: text, lastEventID: lastID))
                continue
            }
            if line[0] == UInt8(ascii: ":") { continue }
            let colon = line.firstIndex(of: UInt8(ascii: ":")) ?? line.count
            let field = Array(line[0..<colon])
            var value = colon < line.count ? Array(line[(colon + 1)...]) : []
            if value.first == UInt8(ascii: " ") { value.removeFirst() }
            switch field {
            case Array("data".utf8):
                if hasData { data.append(0x0A) }
                data += value
                hasData = true
            case Array("event".utf8):
                type = value
            case Array("id".utf8) where !value.contains(0):
                guard let text = String(validating: value, as: UTF8.self) else { return failed(result) }
                lastID = text
            case Array("retry".utf8):
                if !value.isEmpty, value.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(String(decoding: value, as: UTF8.self)) {
                    result.reconnectionTime = number
                }
            default:
                break
            }
        }
        if tail.count > maxLineBytes { return failed(result) }
        return result
    }

    private static func failed(_ result: Result) -> Result {
        var copy = result
        copy.isValid = false
        return copy
    }

    /// The terminated lines of `body` (without terminators) and the unterminated rest.
    /// `anyNewline`: CR, LF and CRLF end lines; otherwise only LF does.
    static func splitLines(_ body: [UInt8], anyNewline: Bool) -> (lines: [[UInt8]], tail: [UInt8]) {
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < body.count {
            let byte = body[index]
            if byte == 0x0A || (anyNewline && byte == 0x0D) {
                lines.append(current)
                current = []
                if byte == 0x0D, index + 1 < body.count, body[index + 1] == 0x0A { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        return (lines, current)
    }
}

/// A plain NDJSON reader over the whole body, the oracle of the `ndjson` check: LF ends a
/// line (its length, a CR before the LF included, must be within the cap), one CR before it
/// is dropped, a BOM starts the stream, lines of only spaces, tabs and CRs are skipped, the
/// last line without LF counts, and each line must be UTF-8.
enum ReferenceNDJSON {
    struct Result {
        var lines: [String] = []
        var isValid = true
    }

    static func parse(_ body: [UInt8], maxLineBytes: Int) -> Result {
        var result = Result()
        let (terminated, tail) = ReferenceSSE.splitLines(body, anyNewline: false)
        var all = terminated
        if !tail.isEmpty { all.append(tail) }
        for (index, raw) in all.enumerated() {
            guard raw.count <= maxLineBytes else {
                result.isValid = false
                return result
            }
            var line = raw
            if line.last == 0x0D { line.removeLast() }
            if index == 0, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard let text = String(validating: line, as: UTF8.self) else {
                result.isValid = false
                return result
            }
            result.lines.append(text)
        }
        return result
    }
}
