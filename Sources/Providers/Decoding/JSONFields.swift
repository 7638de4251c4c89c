import Core
import Foundation

/// Reads the loosely typed values `JSONSerialization` produces, tolerating servers that send
/// numbers as floats or leave fields out. Stateless; callable from anywhere.
enum JSONFields {
    /// Parses one JSON text as an object; nil if it is not JSON or not an object.
    static func object(_ text: String) -> [String: Any]? {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]) else {
            return nil
        }
        return value as? [String: Any]
    }

    /// Like `object`, but a failure is `ProviderError(.malformed)` quoting the start of the text.
    static func requireObject(_ text: String, what: String, partialText: String) throws -> [String: Any] {
        if let object = object(text) { return object }
        throw ProviderError(.malformed, "\(what) is not a JSON object: \(excerpt(text))", partialText: partialText)
    }

    static func string(_ value: Any?) -> String? {
        value as? String
    }

    static func dictionary(_ value: Any?) -> [String: Any]? {
        value as? [String: Any]
    }

    /// An integer from an integer or an integral float; nil for anything else.
    static func int(_ value: Any?) -> Int? {
        value as? Int
    }

    static func bool(_ value: Any?) -> Bool? {
        value as? Bool
    }

    /// `message`, `code` and `type` of an error value that is a string or an object
    /// (`{"message","type","code"}`; `code` may be a string or a number).
    static func errorParts(_ value: Any?) -> (message: String?, type: String?, code: String?)? {
        if let text = value as? String { return (text, nil, nil) }
        guard let object = value as? [String: Any] else { return nil }
        var code: String?
        if let text = object["code"] as? String {
            code = text
        } else if let number = int(object["code"]) {
            code = String(number)
        }
        return (object["message"] as? String, object["type"] as? String, code)
    }

    /// True for a JSON `null` (or a missing value).
    static func isNull(_ value: Any?) -> Bool {
        value == nil || value is NSNull
    }

    /// The first 200 characters of a text, on one line, for messages.
    static func excerpt(_ text: String, limit: Int = 200) -> String {
        oneLine(text, limit: limit)
    }

    /// `text` with every run of whitespace (newlines included) made one space and control
    /// characters dropped, trimmed, and cut to `limit` characters with an ellipsis.
    static func oneLine(_ text: String, limit: Int = 300) -> String {
        var result = ""
        var pendingSpace = false
        var count = 0
        for character in text {
            if character.isWhitespace {
                pendingSpace = !result.isEmpty
                continue
            }
            if character.unicodeScalars.allSatisfy({ $0.properties.generalCategory == .control }) { continue }
            if pendingSpace {
                result.append(" ")
                count += 1
                pendingSpace = false
            }
            if count >= limit {
                result.append("…")
                return result
            }
            result.append(character)
            count += 1
        }
        return result
    }
}
