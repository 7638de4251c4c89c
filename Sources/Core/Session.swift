import Foundation

/// One stored conversation, as the store returns it.
///
/// Invariant: `id` is the database row id (positive); `updatedAt >= createdAt`, and
/// `updatedAt` moves forward when the session is renamed or a message in it is written.
/// A plain value: any actor may make or read one.
public struct Session: Sendable, Hashable, Codable, Identifiable {
    public var id: Int64
    public var kind: SessionKind
    public var title: String
    public var createdAt: Date
    public var updatedAt: Date

    public init(id: Int64, kind: SessionKind, title: String, createdAt: Date, updatedAt: Date) {
        self.id = id
        self.kind = kind
        self.title = title
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
