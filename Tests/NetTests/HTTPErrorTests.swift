@testable import Net
import Testing
import TestSupport

/// Error values: secrets stay out, messages stay on one line.
@Suite struct HTTPErrorTests {
    @Test(arguments: [
        ("http://user:pw@host:8080/a/b?key=secret#frag", "http://host:8080/a/b?…"),
        ("https://api.example.com/v1/messages", "https://api.example.com/v1/messages"),
        ("http://h/p#only-fragment", "http://h/p"),
        ("https://u@[::1]:11434/api/chat?x=1", "https://[::1]:11434/api/chat?…"),
    ])
    func urlIsRedacted(url: String, expected: String) {
        #expect(HTTPError(kind: .transport, url: url, message: "m").url == expected)
    }

    @Test func messageIsOneLine() {
        let error = HTTPError(kind: .stalled, url: "http://h/", message: "first\r\nsecond\nthird ")
        #expect(error.message == "first second third")
        #expect(error.description == "first second third (http://h/)")
    }

    @Test(arguments: [
        ("http://a:b@example.com:80/x", "example.com"),
        ("https://atelier-test.invalid", "atelier-test.invalid"),
        ("http://[::1]:8080/", "[::1]"),
        ("nonsense", "?"),
    ])
    func hostIsExtracted(url: String, host: String) {
        #expect(CurlErrors.host(of: url) == host)
    }

    @Test func serverRequestQueryDecodingToleratesBadEscapes() {
        let request = HTTPServerRequest(method: "GET", target: "/p?a=%zz%4&b=%E2%9C%93&c&=v", headers: [], body: [])
        #expect(request.path == "/p")
        #expect(request.query == ["a": "%zz%4", "b": "✓", "c": "", "": "v"])
        #expect(request.jsonBody() == nil)
    }
}
