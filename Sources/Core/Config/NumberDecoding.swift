extension KeyedDecodingContainer {
    /// `decodeIfPresent` for a number field of the config, with a clear error when the
    /// number does not fit `T` (2.7 or 1e30 for an `Int`, 1e999 for a `Double`): Foundation on
    /// Linux reports that as "The given data was not valid JSON." with no coding path, which
    /// would leave the config loader unable to name the field or the line. Any other error
    /// passes through unchanged. Called while decoding, on the decoding thread.
    func decodeNumberIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        do {
            return try decodeIfPresent(type, forKey: key)
        } catch let error as DecodingError {
            throw error
        } catch {
            let found = (try? decodeIfPresent(Double.self, forKey: key)).flatMap { $0 }
            let shown = found.map { "\($0)" } ?? "a number out of range"
            throw DecodingError.typeMismatch(type, DecodingError.Context(
                codingPath: codingPath + [key], debugDescription: "Expected to decode \(type) but found \(shown) instead.",
                underlyingError: error))
        }
    }
}
