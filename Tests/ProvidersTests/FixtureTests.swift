import Foundation
import TestSupport
import Testing

@Suite struct FixtureTests {
    @Test func recordedStreamIsPresent() throws {
        let data = try Fixtures.data("llamacpp-chat-stream.sse")
        #expect(String(decoding: data, as: UTF8.self).hasSuffix("data: [DONE]\n\n"))
    }
}
