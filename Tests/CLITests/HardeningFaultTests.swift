import Foundation
import TestSupport
import Testing

/// Suite 4 at the binary level: every network fault gives `atelier ask` its own clear
/// one-line message on standard error in time, the right exit code, and keeps the partial
/// text in the database without marking it complete. The configured timeouts are short
/// (connect 1 s, first byte 2 s, stall 1.5 s). Cases run four at a time.
@Suite struct HardeningFaultTests {
    typealias Case = FaultCase

    static var streamFaults: [Case] {
        let text = Case.text
        let base = FakeBehaviour.reply(text)
        return [
            // After the headers, the first-byte limit of the HTTP layer and the first-content
            // limit of the client both end at 2 s: either message ("sent nothing within 2 s",
            // "sent no content within 2 s") is right.
            Case(name: "stall right after the headers", behaviour: base.stalling(afterTokens: 0, for: .untilClientLeaves),
                 exitCode: 4, says: ["fake sent no", "within 2 s"], within: 10),
            Case(name: "keep-alives only", behaviour: .keepAliveOnly(every: 0.3),
                 exitCode: 4, says: ["sent no content within 2 s", "only keep-alives"], within: 10),
            Case(name: "first byte after a long wait", behaviour: base.delayed(head: 30),
                 exitCode: 4, says: ["fake sent no", "within 2 s"], within: 10),
            Case(name: "stall mid-stream", behaviour: base.stalling(afterTokens: 3, for: .untilClientLeaves),
                 exitCode: 4, says: ["stopped sending the reply for more than 1.5 s"], partial: Case.partial(3), within: 10),
            Case(name: "keep-alives mid-stream", behaviour: base.stalling(afterTokens: 3, for: .untilClientLeaves, keepAliveEvery: 0.2),
                 exitCode: 4, says: ["stopped sending the reply for more than 1.5 s"], partial: Case.partial(3), within: 10),
            Case(name: "truncated between events", behaviour: base.truncated(afterTokens: 3),
                 exitCode: 6, says: ["broke before the reply ended"], partial: Case.partial(3)),
            Case(name: "cut mid-line", behaviour: base.cut(afterTokens: 3, .midLine),
                 exitCode: 6, says: ["broke before the reply ended"], partial: Case.partial(3)),
            Case(name: "cut before the event is dispatched", behaviour: base.cut(afterTokens: 3, .beforeDispatch),
                 exitCode: 6, says: ["broke before the reply ended"], partial: Case.partial(3)),
            Case(name: "cut mid-character", behaviour: base.cut(afterTokens: 3, .midCharacter),
                 exitCode: 6, says: ["broke before the reply ended"], partial: Case.partial(3)),
            Case(name: "body ends without the terminator", behaviour: base.withoutTerminator(abrupt: false),
                 exitCode: 6, says: ["without"], partial: text),
            // The giant lines are written as raw bytes: JSON-encoding megabytes in the (debug)
            // fake can take longer than the stall limit on a loaded machine, which would test
            // the fake's speed, not the client.
            Case(name: "a 5 MiB line", behaviour: base.injecting(.rawBytes(afterTokens: 3, Self.giantEvent(bytes: 5 << 20))),
                 exitCode: 6, says: ["longer than 1 MiB"], partial: Case.partial(3)),
            Case(name: "a 64 MiB line", behaviour: base.injecting(.rawBytes(afterTokens: 3, Self.giantEvent(bytes: 64 << 20))),
                 exitCode: 6, says: ["longer than 1 MiB"], partial: Case.partial(3), within: 30),
            Case(name: "invalid UTF-8", behaviour: base.injecting(.invalidUTF8(afterTokens: 3)),
                 exitCode: 6, says: ["UTF-8"], partial: Case.partial(3)),
            Case(name: "an error event mid-stream", behaviour: base.failingMidStream(afterTokens: 3, message: "the GPU fell over"),
                 exitCode: 6, says: ["the GPU fell over"], partial: Case.partial(3)),
        ]
    }

    /// One SSE content event whose text is `bytes` letters.
    static func giantEvent(bytes: Int) -> [UInt8] {
        Array(#"data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":""#.utf8)
            + [UInt8](repeating: UInt8(ascii: "x"), count: bytes) + Array(#""},"finish_reason":null}]}"#.utf8) + [10, 10]
    }

    static var retryAfterForms: [Case] {
        var forms: [(String, FakeBehaviour.Failure)] = [
            ("seconds", .init(status: 429, retryAfter: .seconds(1))),
            ("fractional seconds", .init(status: 429, retryAfter: .seconds(0.3))),
            ("milliseconds", .init(status: 429, retryAfter: .milliseconds(400))),
            ("an HTTP date", .init(status: 429, retryAfter: .httpDate(secondsFromNow: 1))),
            ("an HTTP date in the past", .init(status: 429, retryAfter: .httpDate(secondsFromNow: -3600))),
            ("hours away", .init(status: 429, retryAfter: .seconds(7200))),
            ("none", .init(status: 429)),
        ]
        for (label, value) in [("garbage", "soon"), ("negative", "-5"), ("empty", ""), ("huge", "1e300"),
                               ("obsolete date format", "Sunday, 06-Nov-94 08:49:37 GMT")] {
            forms.append((label, .init(status: 429, headers: [("retry-after", value)])))
        }
        return forms.map { label, failure in
            Case(name: "429 with Retry-After \(label)", behaviour: .failure(failure), exitCode: 5,
                 says: ["HTTP 429", "too many requests"], within: 12, requests: 3)
        }
    }

    static let statuses = [400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416, 417, 418,
                           421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
                           500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511, 529]

    static var statusCases: [Case] {
        statuses.map { status in
            let code: Int32 = status == 404 ? 3 : 5
            let retried = status == 408 || status == 409 || status == 429 || status >= 500
            // The server echoes the key, as OpenAI's 401 does: it must come out redacted.
            let echo = "rejected for key \(Hardening.canaryKey)"
            return Case(name: "HTTP \(status)", behaviour: .failure(status, message: echo), exitCode: code,
                        says: ["HTTP \(status)"], within: 12, requests: retried ? 3 : 1)
        }
    }

    static func connectionCases() throws -> [Case] {
        [
            Case(name: "refused", baseURL: "http://127.0.0.1:\(try FakeHome.closedPort())/v1", exitCode: 4,
                 says: ["cannot reach fake at http://127.0.0.1:"], within: 10),
            Case(name: "unresolvable host", baseURL: "http://atelier-hardening.invalid:8080/v1", exitCode: 4,
                 says: ["cannot reach fake at http://atelier-hardening.invalid:8080"], within: 15),
        ]
    }

    /// Runs cases four at a time; returns every problem.
    static func run(_ cases: [Case]) async throws -> [String] {
        var problems: [String] = []
        for batch in stride(from: 0, to: cases.count, by: 4).map({ Array(cases[$0..<min($0 + 4, cases.count)]) }) {
            try await withThrowingTaskGroup(of: [String].self) { group in
                for item in batch {
                    group.addTask { item.problems(try await item.run()) }
                }
                for try await found in group { problems += found }
            }
        }
        return problems
    }

    @Test func streamFaultsKeepThePartialTextAndSayWhatHappened() async throws {
        let problems = try await Self.run(Self.streamFaults)
        #expect(problems.isEmpty, "\(problems)")
        Hardening.report("faults/stream", [("cases", Self.streamFaults.count), ("failed", problems.count)])
    }

    @Test func everyRetryAfterFormIsHonouredOrBoundedAndReported() async throws {
        let problems = try await Self.run(Self.retryAfterForms)
        #expect(problems.isEmpty, "\(problems)")
        Hardening.report("faults/retry-after", [("forms", Self.retryAfterForms.count), ("failed", problems.count)])
    }

    @Test func every4xxAnd5xxStatusIsOneClearLine() async throws {
        let problems = try await Self.run(Self.statusCases)
        #expect(problems.isEmpty, "\(problems)")
        Hardening.report("faults/status", [("statuses", Self.statusCases.count), ("failed", problems.count)])
    }

    @Test func refusedUnresolvableAndBlackHoledConnections() async throws {
        let hole = try LoopbackHTTPServer.blackHole()
        defer { hole.close() }
        let url = hole.url.hasSuffix("/") ? String(hole.url.dropLast()) : hole.url
        let cases = try Self.connectionCases() + [
            Case(name: "black-holed connect", baseURL: url + "/v1", exitCode: 4,
                 says: ["cannot reach fake at \(url)"], within: 12),
        ]
        let problems = try await Self.run(cases)
        #expect(problems.isEmpty, "\(problems)")
        Hardening.report("faults/connect", [("cases", cases.count), ("failed", problems.count)])
    }

    @Test func slowButWithinEveryLimitCompletes() async throws {
        // The control: a first byte after 1.2 s and pauses of 1 s stay under the limits.
        let server = try FakeOpenAIServer(flavour: .openAI, models: ["m1"])
        server.defaultBehaviour = FakeBehaviour.reply(Case.text).delayed(head: 1.2)
            .stalling(afterTokens: 4, for: .seconds(1), keepAliveEvery: 0.4)
        let home = try HardeningHome.make(baseURL: server.baseURL, timeouts: Case.timeouts)
        defer { home.remove() }
        let result = try await AtelierProcess.run(["ask", "go"], home: home.path, timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == Case.text)
        let answer = try RawDatabase.snapshot(home.databasePath).messages.last
        #expect(answer?.status == "complete")
    }
}
