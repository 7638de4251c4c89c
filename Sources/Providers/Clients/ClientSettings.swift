import Core
import Net

/// The limits one model client works within: time limits, size caps, the retry policy and
/// how many requests it runs at once. A plain value, copied into each client.
///
/// Invariants (enforced where used): times are seconds, non-positive ones are clamped by
/// `HTTPTimeouts`; `maxConcurrentRequests` below 1 is taken as 1.
/// - `firstByteTimeout`: from sending a request until its first *content* (a text or
///   reasoning piece); a cold model may need minutes. Keep-alive bytes do not count.
/// - `stallTimeout`: the longest time between two pieces of content once content has
///   started. Keep-alive bytes (SSE comments, Anthropic `ping`) do not reset it.
/// - `requestTimeout`: the longest a whole reply may take, from the first attempt; nil: no limit.
public struct ClientSettings: Sendable {
    /// Seconds to resolve and connect. Default 5.
    public var connectTimeout: Double
    /// Seconds from sending the request until the first content. Default 300.
    public var firstByteTimeout: Double
    /// Seconds allowed between pieces of content. Default 120.
    public var stallTimeout: Double
    /// Seconds a whole reply may take, retries included; nil (the default): no limit.
    public var requestTimeout: Double?
    /// The largest response body accepted, in bytes. Default 64 MiB.
    public var maxResponseBytes: Int
    /// How much of an error (non-2xx) body is read, in bytes. Default 64 KiB.
    public var maxErrorBodyBytes: Int
    /// The longest line (NDJSON) or SSE line accepted, in bytes. Default 1 MiB.
    public var maxLineBytes: Int
    /// Requests to one provider in flight at once; the others wait in order. Default 4.
    public var maxConcurrentRequests: Int
    /// When to repeat a request that failed before any content.
    public var retry: RetryPolicy
    /// Connect limit of a reachability probe, in seconds. Default 3.
    public var probeConnectTimeout: Double
    /// Whole-probe limit, in seconds. Default 5.
    public var probeTimeout: Double

    public init(connectTimeout: Double = 5, firstByteTimeout: Double = 300, stallTimeout: Double = 120,
                requestTimeout: Double? = nil, maxResponseBytes: Int = 64 << 20, maxErrorBodyBytes: Int = 64 << 10,
                maxLineBytes: Int = LineSplitter.defaultMaxLineBytes, maxConcurrentRequests: Int = 4,
                retry: RetryPolicy = RetryPolicy(), probeConnectTimeout: Double = 3, probeTimeout: Double = 5) {
        self.connectTimeout = connectTimeout
        self.firstByteTimeout = firstByteTimeout
        self.stallTimeout = stallTimeout
        self.requestTimeout = requestTimeout
        self.maxResponseBytes = maxResponseBytes
        self.maxErrorBodyBytes = maxErrorBodyBytes
        self.maxLineBytes = maxLineBytes
        self.maxConcurrentRequests = maxConcurrentRequests
        self.retry = retry
        self.probeConnectTimeout = probeConnectTimeout
        self.probeTimeout = probeTimeout
    }

    /// The settings for a configured provider: its timeouts (all four) and concurrency, the
    /// other fields from `base`.
    public init(_ provider: ResolvedProvider, base: ClientSettings = ClientSettings()) {
        self = base
        connectTimeout = provider.timeouts.connect
        firstByteTimeout = provider.timeouts.firstByte
        stallTimeout = provider.timeouts.stall
        requestTimeout = provider.timeouts.request
        maxConcurrentRequests = provider.maxConcurrent
    }

    /// The HTTP limits of a chat request. The content deadlines are the `ContentWatchdog`'s;
    /// the byte-level deadlines are only a backstop: the larger of the two limits plus a
    /// margin (a second and a tenth), so they never race the watchdog (content cannot come
    /// more often than bytes), not even before the first content, which has the first-byte limit.
    var chatTimeouts: HTTPTimeouts {
        let longest = max(stallTimeout, firstByteTimeout)
        return HTTPTimeouts(connect: connectTimeout, firstByte: Self.backstop(firstByteTimeout),
                            stall: Self.backstop(longest))
    }

    /// A byte-level deadline that lets the content deadline `limit` fire first.
    static func backstop(_ limit: Double) -> Double { limit * 1.1 + 1 }

    /// The HTTP limits of a small JSON request (model lists, versions).
    var metadataTimeouts: HTTPTimeouts {
        HTTPTimeouts(connect: connectTimeout, firstByte: min(firstByteTimeout, 60), stall: min(stallTimeout, 60))
    }

    /// The HTTP limits of a probe.
    var probeTimeouts: HTTPTimeouts {
        HTTPTimeouts(connect: probeConnectTimeout, firstByte: probeTimeout, stall: probeTimeout)
    }
}
