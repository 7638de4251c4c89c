/// What one read from an upgraded connection gave.
public enum UpgradedRead: Sendable, Equatable {
    case bytes([UInt8])
    /// Nothing arrived within the wait.
    case timeout
    /// The client closed or reset, or the server stopped.
    case closed
}

extension HTTPServerResponseWriter {
    /// Reads raw bytes from the connection after the handler switched protocols (e.g. sent
    /// `101 Switching Protocols` with `writeRaw`), waiting at most `milliseconds`. Bytes the
    /// client sent together with the request head (before the 101) are not seen here, so a
    /// client must wait for the 101 before it speaks — as WebSocket clients do. Only the
    /// handler's thread should read; writes stay on `writeRaw` (any thread).
    public func readUpgraded(waitMilliseconds milliseconds: Int32) -> UpgradedRead {
        let events = SocketIO.waitReadable(fd, milliseconds: milliseconds)
        if events == 0 { return .timeout }
        guard let bytes = SocketIO.receive(fd), !bytes.isEmpty else { return .closed }
        return .bytes(bytes)
    }
}
