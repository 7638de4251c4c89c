import Foundation

/// A URL's host without loading ICU where it cannot matter. Every host getter of
/// `URLComponents` runs Foundation's IDNA decoder, which loads ICU's tables (megabytes of
/// memory that `atelier ask` otherwise never touches); a plain host is read from the text
/// instead. Used by the configuration's and the providers' base URLs. Pure; any thread.
public enum URLHost {
    /// `components.host` (the components of `url`) without asking ICU when decoding cannot
    /// change it: a host of lowercase ASCII letters, digits and inner hyphens in non-empty
    /// labels, none starting with `xn--`, has no percent escape and no IDNA label, so it is
    /// its own decoded form. Any other host goes through Foundation, whose IDNA step loads
    /// ICU's tables (memory that `atelier ask` otherwise never touches).
    public static func decoded(_ components: URLComponents, of url: String) -> String? {
        plain(of: url, scheme: components.scheme) ?? components.host
    }

    /// The host of `scheme://host[:port][/...]` (`scheme` as `URLComponents` read it) when it
    /// is plain (see `decoded`): read from the text, because every host getter of
    /// `URLComponents` runs the IDNA decoder.
    /// Nil for anything else (user info, IPv6, escapes, upper case, empty or hyphen-edged
    /// labels, `xn--` labels), which Foundation decodes.
    public static func plain(of url: String, scheme: String?) -> String? {
        guard let scheme else { return nil }
        let bytes = Array(url.utf8)
        let prefix = Array((scheme + "://").utf8)
        guard bytes.starts(with: prefix) else { return nil }
        let start = prefix.count
        var end = start
        while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23, bytes[end] != 0x3A { end += 1 } // / ? # :
        if end < bytes.count, bytes[end] == 0x3A { // the port: digits up to the path
            var index = end + 1
            while index < bytes.count, bytes[index] != 0x2F, bytes[index] != 0x3F, bytes[index] != 0x23 {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                index += 1
            }
        }
        let host = bytes[start..<end]
        guard !host.isEmpty else { return nil }
        for label in host.split(separator: 0x2E, omittingEmptySubsequences: false) {
            guard let first = label.first, let last = label.last, first != 0x2D, last != 0x2D,
                  label.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }),
                  !label.starts(with: Array("xn--".utf8)) else { return nil }
        }
        return String(decoding: host, as: UTF8.self)
    }
}
