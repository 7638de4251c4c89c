import AtelierCLI
import Testing

@Suite struct VersionTests {
    @Test func versionHasThreeParts() {
        #expect(AtelierVersion.string.split(separator: ".").count == 3)
    }
}
