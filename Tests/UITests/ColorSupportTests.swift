import UI
import Testing

@Suite struct ColorSupportTests {
    @Test func noColorWins() {
        #expect(ColorSupport.detect(colors: 256, environment: ["NO_COLOR": "1"]) == .none)
        #expect(ColorSupport.detect(colors: 256, environment: ["NO_COLOR": ""]) == .many)
        #expect(ColorSupport.detect(colors: 8, environment: [:]) == .eight)
        #expect(ColorSupport.detect(colors: 16, environment: [:]) == .sixteen)
    }
}
