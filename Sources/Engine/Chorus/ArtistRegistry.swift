import Core
import Foundation
import Store

/// The artists a chorus can call: built-in defaults, overridden by artists saved in the
/// store, overridden by the configuration's list (what the person wrote wins). Selecting
/// accepts slugs, or a `provider:model` for an artist made on the spot.
///
/// A plain value; `load` persists the configured artists so stored groups and later
/// sessions know them. Any task may use it.
public struct ArtistRegistry: Sendable, Hashable {
    /// Every artist, by slug.
    public private(set) var artists: [Artist]

    /// Defaults that cover each provider kind; prices come from the model registry.
    public static let builtInArtists: [Artist] = [
        Artist(slug: "gpt-4o-mini", model: ModelRef(provider: "openai", model: "gpt-4o-mini"),
               displayName: "GPT-4o mini", temperature: 0.9, maxTokens: 900),
        Artist(slug: "claude-haiku", model: ModelRef(provider: "anthropic", model: "claude-haiku-4-5"),
               displayName: "Claude Haiku 4.5", temperature: 0.9, maxTokens: 900),
        Artist(slug: "gemini-flash", model: ModelRef(provider: "openrouter", model: "google/gemini-2.5-flash"),
               displayName: "Gemini 2.5 Flash", temperature: 0.9, maxTokens: 900),
        Artist(slug: "llama", model: ModelRef(provider: "ollama", model: "llama3.2"),
               displayName: "Llama 3.2", temperature: 0.9, maxTokens: 900),
        Artist(slug: "qwen", model: ModelRef(provider: "ollama", model: "qwen2.5"),
               displayName: "Qwen 2.5", temperature: 0.9, maxTokens: 900),
        Artist(slug: "gemma-local", model: ModelRef(provider: "local", model: "gemma-3-270m"),
               displayName: "Gemma 3 270M", temperature: 0.9, maxTokens: 600),
    ]

    /// Merges the three layers by slug (later layers win).
    public init(builtIns: [Artist] = ArtistRegistry.builtInArtists, saved: [Artist] = [], config: [Artist] = []) {
        var bySlug: [String: Artist] = [:]
        for artist in builtIns + saved + config { bySlug[artist.slug] = artist }
        artists = bySlug.values.sorted { $0.slug < $1.slug }
    }

    /// Saves the configured artists in the store (refusing an invalid slug), then builds the
    /// registry from built-ins, everything saved, and the configuration.
    public static func load(store: Store, config: [Artist],
                            builtIns: [Artist] = ArtistRegistry.builtInArtists) async throws -> ArtistRegistry {
        for artist in config {
            guard Artist.isValidSlug(artist.slug) else { throw ChorusError.invalidArtistSlug(artist.slug) }
            try await store.saveArtist(artist)
        }
        return ArtistRegistry(builtIns: builtIns, saved: try await store.artists(), config: config)
    }

    public func artist(slug: String) -> Artist? {
        artists.first { $0.slug == slug }
    }

    /// The artists named, in order: each a slug, or a `provider:model` (an artist made on the
    /// spot, its slug derived from the model). Unknown names and repeats are refused.
    public func select(_ names: [String]) throws -> [Artist] {
        var chosen: [Artist] = []
        for raw in names {
            let name = raw.trimmingCharacters(in: .whitespaces)
            let artist: Artist
            if let known = self.artist(slug: name) {
                artist = known
            } else if let ref = ModelRef(parsing: name) {
                artist = Artist(slug: Self.slug(for: ref), model: ref, displayName: ref.model)
            } else {
                throw ChorusError.unknownArtist(name, available: artists.map(\.slug))
            }
            guard !chosen.contains(where: { $0.slug == artist.slug }) else { throw ChorusError.duplicateArtist(artist.slug) }
            chosen.append(artist)
        }
        return chosen
    }

    /// A slug for a model: lowercase, every other character a `-`, at most 64.
    static func slug(for ref: ModelRef) -> String {
        let text = "\(ref.provider)-\(ref.model)".lowercased()
        let mapped = String(text.map { character -> Character in
            character.isASCII && (character.isLetter || character.isNumber || character == "." || character == "_")
                ? character : "-"
        })
        return String(mapped.prefix(64))
    }
}
