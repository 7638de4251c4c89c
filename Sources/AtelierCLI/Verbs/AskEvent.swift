import Core

/// One line of `atelier ask --json`: the event type and its fields (snake_case on the wire).
/// A plain value; made on the verb's task.
struct AskEvent: Encodable {
    var type: String
    var sessionId: Int64?
    var messageId: Int64?
    var model: String?
    var text: String?
    var status: String?
    var tokensIn: Int?
    var tokensOut: Int?
    var tokensEstimated: Bool?
    var latencySeconds: Double?
    var firstTokenSeconds: Double?
    var cost: Double?
    var kind: String?
    var message: String?
    var partialText: String?

    init(type: String) { self.type = type }
}
