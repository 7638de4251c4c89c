@testable import Comfy
import Testing

@Suite struct JSONValueTests {
    @Test func parsesScalarsKeepingIntegersExact() throws {
        let value = try JSONValue.parse(Array(#"{"a": 1, "b": 2.5, "c": true, "d": null, "e": "x", "f": [1, "2"], "g": 9007199254740993}"#.utf8))
        #expect(value["a"] == .int(1))
        #expect(value["b"] == .double(2.5))
        #expect(value["c"] == .bool(true))
        #expect(value["d"] == .null)
        #expect(value["e"]?.stringValue == "x")
        #expect(value["f"]?.arrayValue?.count == 2)
        #expect(value["g"] == .int(9_007_199_254_740_993))
    }

    @Test func encodesWithSortedKeys() {
        let value: JSONValue = ["b": 1, "a": ["x": "y/z"], "c": [true, .null]]
        #expect(value.text == #"{"a":{"x":"y/z"},"b":1,"c":[true,null]}"#)
    }

    @Test func rejectsGarbageWithAReason() {
        #expect(throws: JSONValueError.self) { try JSONValue.parse(Array("{not json".utf8)) }
        #expect(throws: JSONValueError.self) { try JSONValue.parse([UInt8]()) }
    }
}
