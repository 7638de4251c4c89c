import Core
import Foundation

/// Receives each event as `SSEState` dispatches it. `wantsMore` false makes the state skip
/// every later line (a decoder that has seen its terminator).
protocol SSEEventSink {
    var wantsMore: Bool { get }
    mutating func consumeEvent(_ event: BorrowedSSEEvent) throws
}

/// One dispatched event as `SSEState` hands it to its sink, without copying the data.
///
/// Invariant: `data` is the joined `data:` lines, valid UTF-8, and is only valid during the
/// `consumeEvent` call. `type` is never empty. A plain value on the decoding task.
struct BorrowedSSEEvent {
    let type: String
    let data: UnsafeBufferPointer<UInt8>
    let lastEventID: String

    /// The data as a `String`.
    var text: String { String(decoding: data, as: UTF8.self) }

    /// An owned copy of the event.
    var event: SSEEvent { SSEEvent(type: type, data: text, lastEventID: lastEventID) }
}

/// The field-level state of an SSE stream: the event being assembled, handed to `sink` when
/// its empty line arrives. Separate from the splitter so both can be mutated in one call
/// without copying. Owned by one parser or decoder.
struct SSEState<Sink: SSEEventSink>: LineSink {
    var sink: Sink
    private(set) var reconnectionTime: Int?
    private var data: [UInt8] = []
    private var hasData = false
    private var eventType: [UInt8] = []
    private var lastEventID = ""
    private var atStreamStart = true
    private var linesSeen = 0
    // The previous event type, so a run of equal names decodes once.
    private var cachedTypeBytes: [UInt8] = []
    private var cachedType = "message"

    init(sink: Sink) {
        self.sink = sink
    }

    mutating func discardPending() {
        data.removeAll(keepingCapacity: false)
        hasData = false
        eventType.removeAll()
    }

    mutating func consumeLine(_ raw: UnsafeBufferPointer<UInt8>) throws {
        guard sink.wantsMore else { return }
        linesSeen += 1
        var line = raw
        if atStreamStart {
            atStreamStart = false
            if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
                line = UnsafeBufferPointer(rebasing: line[3...])
            }
        }
        guard let first = line.first else { return try dispatch() }
        if first == UInt8(ascii: ":") { return }

        var colon = 0
        while colon < line.count, line[colon] != UInt8(ascii: ":") { colon += 1 }
        let name = UnsafeBufferPointer(rebasing: line[0..<colon])
        var valueStart = colon + 1
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = valueStart < line.count
            ? UnsafeBufferPointer(rebasing: line[valueStart...])
            : UnsafeBufferPointer(rebasing: line[line.count...])

        switch name.count {
        case 4 where Self.equals(name, "data"):
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case 5 where Self.equals(name, "event"):
            eventType.removeAll(keepingCapacity: true)
            eventType.append(contentsOf: value)
        case 2 where Self.equals(name, "id"):
            if !value.contains(0) {
                lastEventID = try UTF8Decoding.string(value, what: "the id on line \(linesSeen) of the event stream")
            }
        case 5 where Self.equals(name, "retry"):
            if let milliseconds = Self.digits(value) { reconnectionTime = milliseconds }
        default:
            break
        }
    }

    private mutating func dispatch() throws {
        defer {
            data.removeAll(keepingCapacity: true)
            hasData = false
            eventType.removeAll(keepingCapacity: true)
        }
        guard hasData else { return }
        let line = linesSeen
        try data.withUnsafeBufferPointer {
            try UTF8Decoding.validate($0, what: "the data of the event ending on line \(line) of the stream")
        }
        let type = try typeName()
        try data.withUnsafeBufferPointer {
            try sink.consumeEvent(BorrowedSSEEvent(type: type, data: $0, lastEventID: lastEventID))
        }
    }

    private mutating func typeName() throws -> String {
        if eventType.isEmpty { return "message" }
        if eventType != cachedTypeBytes {
            cachedType = try UTF8Decoding.string(eventType, what: "the event name on line \(linesSeen) of the stream")
            cachedTypeBytes = eventType
        }
        return cachedType
    }

    private static func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
        guard bytes.count == literal.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base, literal.utf8Start, bytes.count) == 0
    }

    /// A non-empty run of ASCII digits as an Int, nil otherwise (or on overflow).
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var result = 0
        for byte in bytes {
            guard byte >= 0x30, byte <= 0x39 else { return nil }
            let (times, overflow1) = result.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 0x30))
            guard !overflow1, !overflow2 else { return nil }
            result = sum
        }
        return result
    }
}

extension SSEState: Sendable where Sink: Sendable {}
