import Foundation
import Testing
@testable import AtelierCLI

/// `BaseURL.decodedHost` skips Foundation's host decoding (and its ICU tables) only where
/// that decoding is the identity: it must always agree with `URLComponents.host`.
@Suite struct BaseURLHostTests {
    @Test(arguments: [
        "http://127.0.0.1:8080/v1", "http://localhost:11434", "https://api.openai.com/v1", "http://gpu-box.lan",
        "http://EXAMPLE.com", "http://ex%41mple.com/v1", "http://xn--bcher-kva.example/v1", "http://a.xn--p1ai",
        "http://[::1]:8000/v1", "http://[fe80::1%25eth0]:80/v1", "http://bücher.example", "http://ex%2Fample.com",
        "http://under_score.example", "http://1.2.3.4.5", "http://-leading.example", "http://a..b",
        "http:x://y", "HTTP://host.example:99/v1", "http://user@host", "http://user:pw@host/v1",
        "http://host.:80", "http://h/x://y", "http://a-b.c-d.e:1?x=1#f",
    ])
    func agreesWithFoundation(_ url: String) throws {
        let components = try #require(URLComponents(string: url))
        #expect(BaseURL.decodedHost(components, of: url) == components.host)
    }
}
