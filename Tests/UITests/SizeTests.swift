import Testing
import UI

@Suite struct SizeTests {
    @Test func clampsNegativeSides() {
        #expect(Size(width: -3, height: 24) == Size(width: 0, height: 24))
        #expect(Size(width: 80, height: 24).description == "80x24")
    }
}
