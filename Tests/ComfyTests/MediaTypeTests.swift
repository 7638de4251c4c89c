import Comfy
import Testing

@Suite struct MediaTypeTests {
    @Test func decodesFromSidecarSpelling() {
        #expect(MediaType(rawValue: "video") == .video)
        #expect(MediaType(rawValue: "gif") == nil)
    }
}
