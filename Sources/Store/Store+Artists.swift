import Core
import Foundation

/// The persisted artist registry: artists saved from configuration or by the person, by
/// slug. Runs on the `Store` actor. (A group keeps its own copy of each artist, so editing
/// the registry never changes a stored group.)
extension Store {
    /// Inserts or replaces the artist with this slug.
    public func saveArtist(_ artist: Artist) throws {
        guard Artist.isValidSlug(artist.slug) else {
            throw StoreError(.invalidArgument, message: "'\(artist.slug.prefix(40))' is not an artist slug (use a-z, 0-9, -, _ and .)")
        }
        let at = timestamp()
        try write { db in
            try db.run("""
                INSERT INTO artists (slug, model, display_name, temperature, max_tokens, created_at, updated_at)
                VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
                ON CONFLICT (slug) DO UPDATE SET model = excluded.model, display_name = excluded.display_name,
                    temperature = excluded.temperature, max_tokens = excluded.max_tokens, updated_at = excluded.updated_at
                """, [.text(artist.slug), .text(artist.model.description), .text(artist.displayName),
                      .double(artist.temperature), .int(artist.maxTokens), .real(at)])
        }
    }

    /// Every saved artist, by slug.
    public func artists() throws -> [Artist] {
        try database().query("SELECT slug, model, display_name, temperature, max_tokens FROM artists ORDER BY slug",
                             row: Store.decodeArtist)
    }

    /// The saved artist with this slug, if any.
    public func artist(slug: String) throws -> Artist? {
        try database().queryFirst("SELECT slug, model, display_name, temperature, max_tokens FROM artists WHERE slug = ?1",
                                  [.text(slug)], row: Store.decodeArtist)
    }

    /// Removes a saved artist; false when there was none.
    @discardableResult
    public func deleteArtist(slug: String) throws -> Bool {
        try write { db in
            try db.run("DELETE FROM artists WHERE slug = ?1", [.text(slug)])
            return db.changes > 0
        }
    }

    static func decodeArtist(_ row: Statement) throws -> Artist {
        guard let model = ModelRef(parsing: row.text(1)) else {
            throw StoreError(.corrupt, message: "artist '\(row.text(0).prefix(40))' has an unreadable model")
        }
        return Artist(slug: row.text(0), model: model, displayName: row.text(2), temperature: row.optionalDouble(3),
                      maxTokens: row.optionalInt(4))
    }
}
