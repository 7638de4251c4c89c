import Foundation
import Testing
@testable import Providers

@Suite struct HTTPDateTests {
    static let expected = Date(timeIntervalSince1970: 784_111_777)
    static let now = Date(timeIntervalSince1970: 1_795_273_304)  // 2026

    @Test func imfFixdate() {
        #expect(HTTPDate.parse("Sun, 06 Nov 1994 08:49:37 GMT", now: Self.now) == Self.expected)
        #expect(HTTPDate.parse("Thu, 01 Jan 1970 00:00:00 GMT", now: Self.now) == Date(timeIntervalSince1970: 0))
        #expect(HTTPDate.parse("Tue, 29 Feb 2028 12:00:00 GMT", now: Self.now) == Date(timeIntervalSince1970: 1_835_438_400))
    }

    @Test func rfc850WithTwoDigitYears() {
        #expect(HTTPDate.parse("Sunday, 06-Nov-94 08:49:37 GMT", now: Self.now) == Self.expected)
        // 30 is within 50 years of 2026, so 2030.
        #expect(HTTPDate.parse("Monday, 01-Jan-30 00:00:00 GMT", now: Self.now) == Date(timeIntervalSince1970: 1_893_456_000))
    }

    @Test func asctime() {
        #expect(HTTPDate.parse("Sun Nov  6 08:49:37 1994", now: Self.now) == Self.expected)
        #expect(HTTPDate.parse("Sun Nov 16 08:49:37 1994", now: Self.now) == Self.expected.addingTimeInterval(10 * 86_400))
    }

    @Test func rejectsImpossibleAndMalformedDates() {
        for text in ["", "soon", "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT",
                     "Sun, 06 Foo 1994 08:49:37 GMT", "Sun, 06 Nov 1994 08:49:37 PST", "Sun 06 Nov 1994 08:49:37 GMT",
                     "Sun, 6 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov 6 8:49:37 1994",
                     "Xyz, 06 Nov 1994 08:49:37 GMT"] {
            #expect(HTTPDate.parse(text, now: Self.now) == nil, "\(text)")
        }
    }
}
