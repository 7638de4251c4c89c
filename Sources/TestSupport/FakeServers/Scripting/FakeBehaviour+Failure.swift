import Foundation

extension FakeBehaviour {
    /// An error answer: a status with the provider's real error body (Ollama
    /// `{"error":"..."}`, OpenAI `{"error":{"message","type","param","code"}}` or the numeric-code
    /// shape of OpenRouter and llama.cpp, Anthropic `{"type":"error","error":{...}}`), unless
    /// `rawBody` replaces it (e.g. an HTML page from a proxy). Shaping options of the behaviour
    /// (delays, chunking, framing) still apply to it. A plain value.
    public struct Failure: Sendable {
        public var status: Int
        /// The error message; nil: the provider's usual message for this status.
        public var message: String?
        /// Overrides the error type (Anthropic `error.type`, OpenAI `error.type`).
        public var errorType: String?
        /// Overrides the OpenAI string `code` (e.g. `insufficient_quota`).
        public var code: String?
        public var retryAfter: RetryAfter?
        /// Extra response headers (e.g. `x-should-retry: false`).
        public var headers: [(String, String)]
        /// A body sent instead of the provider's JSON.
        public var rawBody: String?
        /// The content type of `rawBody`.
        public var rawContentType: String

        public init(status: Int, message: String? = nil, errorType: String? = nil, code: String? = nil,
                    retryAfter: RetryAfter? = nil, headers: [(String, String)] = [],
                    rawBody: String? = nil, rawContentType: String = "text/html") {
            self.status = status
            self.message = message
            self.errorType = errorType
            self.code = code
            self.retryAfter = retryAfter
            self.headers = headers
            self.rawBody = rawBody
            self.rawContentType = rawContentType
        }
    }

    /// How a failure says when to come back.
    public enum RetryAfter: Sendable, Equatable {
        /// `retry-after: <seconds>` (an integer when whole, else a decimal).
        case seconds(Double)
        /// `retry-after-ms: <milliseconds>` (OpenAI and Anthropic SDKs read it first).
        case milliseconds(Double)
        /// `retry-after: <IMF-fixdate>` that many seconds after the response is made.
        case httpDate(secondsFromNow: Double)

        /// The header as sent, computed at `now`.
        public func header(now: Date = Date()) -> (String, String) {
            switch self {
            case .seconds(let seconds):
                return ("retry-after", Self.number(seconds))
            case .milliseconds(let milliseconds):
                return ("retry-after-ms", Self.number(milliseconds))
            case .httpDate(let offset):
                return ("retry-after", Self.httpDate(now.addingTimeInterval(offset)))
            }
        }

        static func number(_ value: Double) -> String {
            value.rounded() == value && abs(value) < 1e15 ? String(Int(value)) : String(value)
        }

        /// RFC 9110 IMF-fixdate, e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
        public static func httpDate(_ date: Date) -> String {
            let formatter = DateFormatter()
            formatter.locale = Locale(identifier: "en_US_POSIX")
            formatter.timeZone = TimeZone(identifier: "GMT")
            formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
            return formatter.string(from: date)
        }
    }
}
