/// Where a `FakeStreamDriver` puts a response's body: the socket (`WriterSink`) or a byte
/// counter (`MeasuringSink`, to announce a `Content-Length` before writing). Used on one
/// connection thread.
protocol FakeStreamSink {
    /// True for the counting dry run: waits return at once, endless waits end it.
    var isMeasuring: Bool { get }
    /// Writes one event; false once the client has gone.
    mutating func emit(_ bytes: [UInt8]) -> Bool
    /// Waits; false when the client left meanwhile.
    mutating func sleep(_ seconds: Double) -> Bool
    /// Ends the body properly.
    mutating func finish()
    /// Closes the connection at once.
    mutating func abort()
}

/// Counts body bytes without writing or waiting.
struct MeasuringSink: FakeStreamSink {
    private(set) var count = 0
    var isMeasuring: Bool { true }
    mutating func emit(_ bytes: [UInt8]) -> Bool {
        count += bytes.count
        return true
    }
    mutating func sleep(_ seconds: Double) -> Bool { true }
    mutating func finish() {}
    mutating func abort() {}
}

/// Writes events to the response, cut into writes as `chunking` says. Batched events are
/// held until the batch is full or before any wait, finish or abort.
struct WriterSink: FakeStreamSink {
    let writer: HTTPServerResponseWriter
    let chunking: FakeBehaviour.Chunking
    private var batch: [UInt8] = []
    private var batched = 0

    init(writer: HTTPServerResponseWriter, chunking: FakeBehaviour.Chunking) {
        self.writer = writer
        self.chunking = chunking
    }

    var isMeasuring: Bool { false }

    mutating func emit(_ bytes: [UInt8]) -> Bool {
        guard !bytes.isEmpty else { return !writer.clientDisconnected }
        switch chunking {
        case .perEvent:
            return writer.write(bytes)
        case .everyBytes(let size):
            let step = max(1, size)
            var start = 0
            while start < bytes.count {
                let end = min(bytes.count, start + step)
                guard writer.write(Array(bytes[start..<end])) else { return false }
                start = end
            }
            return true
        case .awkward:
            var start = 0
            for point in Self.awkwardSplitPoints(bytes) + [bytes.count] {
                guard writer.write(Array(bytes[start..<point])) else { return false }
                start = point
            }
            return true
        case .batched(let events):
            batch += bytes
            batched += 1
            return batched >= max(1, events) ? flush() : true
        }
    }

    mutating func sleep(_ seconds: Double) -> Bool {
        guard flush() else { return false }
        return seconds <= 0 ? !writer.clientDisconnected : writer.sleep(seconds: seconds)
    }

    mutating func finish() {
        _ = flush()
        writer.finish()
    }

    mutating func abort() {
        _ = flush()
        writer.abort()
    }

    private mutating func flush() -> Bool {
        guard !batch.isEmpty else { return true }
        defer {
            batch = []
            batched = 0
        }
        return writer.write(batch)
    }

    /// Inside every multi-byte character (after its lead byte), between CR and LF, right
    /// after each `data:`, before the last byte and in the middle; sorted, without 0 or the end.
    static func awkwardSplitPoints(_ bytes: [UInt8]) -> [Int] {
        var points = Set<Int>()
        if bytes.count > 1 {
            points.insert(bytes.count / 2)
            points.insert(bytes.count - 1)
        }
        let data = Array("data:".utf8)
        for index in bytes.indices.dropFirst() {
            let previous = bytes[index - 1]
            let byte = bytes[index]
            if previous >= 0xC0 && byte & 0xC0 == 0x80 { points.insert(index) }
            if previous == 13 && byte == 10 { points.insert(index) }
            if index >= data.count, bytes[index - data.count] == data[0],
               Array(bytes[(index - data.count)..<index]) == data {
                points.insert(index)
            }
        }
        return points.filter { $0 > 0 && $0 < bytes.count }.sorted()
    }
}
