/// Walks a plan's events in order into a sink, applying a behaviour's pace, stall,
/// injections, comments and ending. Checkpoints ("after K pieces") run before the next event
/// once K pieces are out; K is clamped to the number of pieces so that a large K acts before
/// the terminating events. Runs on one connection thread; `closingBytes` keeps the
/// terminating events so a dry run and the real run send the same bytes.
struct FakeStreamDriver {
    let plan: FakeStreamPlan
    let behaviour: FakeBehaviour
    /// The terminating events, once computed (reused by the real run after a dry run).
    private(set) var closingBytes: [[UInt8]]?

    private var tokens = 0
    private var start = 0.0
    private var firstTokenAt: Double?
    private var pendingInjections: [FakeBehaviour.Injection]
    private var stallPending: Bool
    private var endingPending: Bool
    private var ending: FakeBehaviour.Ending

    init(plan: FakeStreamPlan, behaviour: FakeBehaviour, closingBytes: [[UInt8]]? = nil, measuring: Bool = false) {
        self.plan = plan
        self.behaviour = behaviour
        self.closingBytes = closingBytes
        pendingInjections = behaviour.injections
        stallPending = behaviour.stall != nil
        var ending = behaviour.ending
        if measuring {
            // A length announces the whole planned body; truncation then makes it short.
            switch ending {
            case .truncate, .cut, .withoutTerminator(abrupt: true): ending = .complete
            default: break
            }
        }
        self.ending = ending
        endingPending = ending.checkpoint != nil
    }

    private var endless: Bool { ending == .endless }

    private func clamp(_ count: Int) -> Int {
        endless ? max(0, count) : min(max(0, count), plan.pieceCount)
    }

    /// Writes the body; returns when it ended, broke off, or the client left.
    mutating func drive<Sink: FakeStreamSink>(_ sink: inout Sink) {
        start = SocketIO.monotonicSeconds()
        if plan.preBodyWait > 0 {
            guard sink.sleep(plan.preBodyWait) else { return }
        }
        for event in plan.opening {
            guard step(event, isToken: false, &sink) else { return }
        }
        if let reasoning = plan.reasoning, reasoning.count > 0 {
            for index in 0..<reasoning.count {
                guard step(reasoning.event(index), isToken: true, &sink) else { return }
            }
            for event in plan.afterReasoning {
                guard step(event, isToken: false, &sink) else { return }
            }
        }
        if let content = plan.content {
            var index = 0
            while endless || index < content.count {
                guard step(content.event(index), isToken: true, &sink) else { return }
                index += 1
            }
        }
        let closing = closingBytes ?? plan.closing(stats)
        closingBytes = closing
        if case .withoutTerminator(let abrupt) = ending {
            for event in closing.dropLast() {
                guard step(event, isToken: false, &sink) else { return }
            }
            guard checkpoint(next: nil, &sink) else { return }
            if abrupt { sink.abort() } else { sink.finish() }
            return
        }
        for event in closing {
            guard step(event, isToken: false, &sink) else { return }
        }
        guard checkpoint(next: nil, &sink) else { return }
        sink.finish()
    }

    private var stats: FakeStreamStats {
        FakeStreamStats(tokens: tokens, elapsed: SocketIO.monotonicSeconds() - start,
                        firstTokenAfter: firstTokenAt.map { $0 - start })
    }

    private mutating func step<Sink: FakeStreamSink>(_ bytes: [UInt8], isToken: Bool, _ sink: inout Sink) -> Bool {
        guard checkpoint(next: bytes, &sink) else { return false }
        if isToken, case .tokensPerSecond(let rate) = behaviour.pace, rate > 0, !sink.isMeasuring {
            let wait = start + Double(tokens) / rate - SocketIO.monotonicSeconds()
            if wait > 0 {
                guard sink.sleep(wait) else { return false }
            }
        }
        guard sink.emit(bytes) else { return false }
        if isToken {
            tokens += 1
            if firstTokenAt == nil { firstTokenAt = SocketIO.monotonicSeconds() }
            if let every = behaviour.commentEvery, every > 0, tokens % every == 0, let comment = plan.comment {
                guard sink.emit(comment) else { return false }
            }
        }
        return true
    }

    /// Runs what is due after `tokens` pieces; false when the body is over.
    private mutating func checkpoint<Sink: FakeStreamSink>(next: [UInt8]?, _ sink: inout Sink) -> Bool {
        if !pendingInjections.isEmpty {
            let now = tokens
            let limit = endless ? Int.max : plan.pieceCount
            let isDue: (FakeBehaviour.Injection) -> Bool = { min(max(0, $0.afterTokens), limit) == now }
            let due = pendingInjections.filter(isDue)
            pendingInjections.removeAll(where: isDue)
            for injection in due {
                guard sink.emit(injectionBytes(injection)) else { return false }
            }
        }
        if stallPending, let stall = behaviour.stall, clamp(stall.afterTokens) == tokens {
            stallPending = false
            let before = SocketIO.monotonicSeconds()
            guard runStall(stall, &sink) else { return false }
            start += SocketIO.monotonicSeconds() - before
        }
        guard endingPending, let count = ending.checkpoint, clamp(count) == tokens else { return true }
        endingPending = false
        switch ending {
        case .truncate:
            sink.abort()
        case .endEarly:
            sink.finish()
        case .cut(_, let place):
            if let next { _ = sink.emit(Self.cutBytes(next, place)) }
            sink.abort()
        case .error(_, let message):
            if sink.emit(plan.errorEvent(message ?? plan.defaultErrorMessage)) { sink.finish() }
        case .complete, .endless, .withoutTerminator:
            return true
        }
        return false
    }

    private func runStall<Sink: FakeStreamSink>(_ stall: FakeBehaviour.Stall, _ sink: inout Sink) -> Bool {
        let keepAlive = stall.keepAliveEvery.flatMap { $0 > 0 ? $0 : nil }
        switch stall.span {
        case .seconds(let seconds):
            var remaining = max(0, seconds)
            if let interval = keepAlive, let bytes = plan.keepAlive {
                for _ in 0..<Int(remaining / interval) {
                    guard sink.sleep(interval), sink.emit(bytes) else { return false }
                    remaining -= interval
                }
            }
            return sink.sleep(remaining)
        case .untilClientLeaves:
            if sink.isMeasuring { return false }
            while true {
                guard sink.sleep(keepAlive ?? 0.2) else { return false }
                if keepAlive != nil, let bytes = plan.keepAlive {
                    guard sink.emit(bytes) else { return false }
                }
            }
        }
    }

    private func injectionBytes(_ injection: FakeBehaviour.Injection) -> [UInt8] {
        guard let template = plan.content?.template else { return [] }
        switch injection {
        case .invalidUTF8:
            return template.event(rawQuoted: [0x22, 0x62, 0x61, 0x64, 0xC3, 0x28, 0xFF, 0x22])
        case .giantToken(_, let bytes):
            return template.event(String(repeating: "x", count: max(0, bytes)))
        case .rawBytes(_, let bytes):
            return bytes
        }
    }

    /// The part of `event` a cut leaves on the wire.
    static func cutBytes(_ event: [UInt8], _ place: FakeBehaviour.Cut) -> [UInt8] {
        switch place {
        case .midLine:
            return Array(event.prefix(max(1, event.count / 2)))
        case .beforeDispatch:
            var bytes = event
            while let last = bytes.last, last == 10 || last == 13 { bytes.removeLast() }
            if event.suffix(2) != [10, 10], event.suffix(4) != [13, 10, 13, 10], event.suffix(2) != [13, 13] {
                return bytes   // NDJSON: the line without its "\n"
            }
            return bytes + Array(event[bytes.count..<(bytes.count + (event.count - bytes.count) / 2)])
        case .midCharacter:
            if let lead = event.firstIndex(where: { $0 >= 0xC2 && $0 <= 0xF4 }) {
                return Array(event[...lead])
            }
            return Array(event.prefix(event.count / 2)) + [0xE2, 0x82]
        }
    }
}
