import Store
import Testing

@Suite struct StoreErrorTests {
    @Test func describesCodeAndSQL() {
        let error = StoreError(code: 5, message: "database is locked", sql: "INSERT INTO x")
        #expect(error.description.contains("5"))
        #expect(error.description.contains("INSERT INTO x"))
    }
}
