import Net
import Testing

@Suite struct HTTPHeaderTests {
    @Test func lookupIgnoresCase() {
        let headers = [HTTPHeader("Retry-After", "2"), HTTPHeader("content-type", "text/event-stream")]
        #expect(headers.value(for: "retry-after") == "2")
        #expect(headers.value(for: "Content-Type") == "text/event-stream")
        #expect(headers.value(for: "x") == nil)
    }
}
