/// Sends one planned response on a writer, shaped by a behaviour: the head delay, the status
/// line and headers with the chosen framing (measuring the body first when a
/// `Content-Length` must be announced), the first-byte delay, then the body through
/// `FakeStreamDriver`. Called synchronously by a fake's handler on the connection's thread;
/// returns when the body is over or the client has gone, so no thread keeps writing.
enum FakeStreamRunner {
    static func run(_ plan: FakeStreamPlan, _ behaviour: FakeBehaviour, on writer: HTTPServerResponseWriter) {
        if behaviour.headDelay > 0, !writer.sleep(seconds: behaviour.headDelay) { return }
        var framing = behaviour.framing ?? plan.naturalFraming
        if behaviour.ending == .endless, framing != .closeDelimited { framing = .chunked }
        var closing: [[UInt8]]?
        let mode: HTTPServerResponseWriter.BodyMode
        switch framing {
        case .chunked:
            mode = .chunked
        case .closeDelimited:
            mode = .closeDelimited
        case .contentLength, .lyingContentLength:
            var counter = MeasuringSink()
            var dryRun = FakeStreamDriver(plan: plan, behaviour: behaviour, measuring: true)
            dryRun.drive(&counter)
            closing = dryRun.closingBytes
            let lie: Int
            if case .lyingContentLength(let by) = framing { lie = by } else { lie = 0 }
            mode = .contentLength(max(0, counter.count + lie))
        }
        writer.writeHead(status: plan.status, headers: plan.headers, mode: mode)
        if behaviour.firstByteDelay > 0, !writer.sleep(seconds: behaviour.firstByteDelay) { return }
        var sink = WriterSink(writer: writer, chunking: behaviour.chunking)
        var driver = FakeStreamDriver(plan: plan, behaviour: behaviour, closingBytes: closing)
        driver.drive(&sink)
    }
}
