import Core
import Engine
import Foundation
import Store
import UI

extension EngineBridge {
    func loadSessions() async {
        do {
            emit(.sessionsLoaded(try await store.topLevelSessions(limit: 200)))
        } catch {
            emit(.effectFailed("sessions: \(describe(error))"))
        }
    }

    /// Shows a stored session's messages; a team session becomes the live one, so the next
    /// plain message continues it.
    func openSession(_ id: Int64) async {
        do {
            guard let session = try await store.session(id: id) else {
                emit(.effectFailed("there is no session \(id)"))
                return
            }
            let messages = try await store.messages(sessionID: id, limit: 500).map(Self.threadMessage)
            emit(.sessionOpened(SessionSnapshot(id: id, title: session.title, messages: messages)))
            await closeTeam()
            if try await store.teamSession(id: id) != nil {
                let configuration = TeamConfiguration(defaultModel: config.defaultModel,
                                                      roleModels: TeamConfiguration.roleModels(fromConfig: config.roles))
                let opened = try await TeamSession.open(sessionID: id, store: store, directory: catalog,
                                                        configuration: configuration)
                team = opened
                keep(Task { [weak self] in
                    for await event in opened.events { await self?.bridgeTeam(event, session: opened) }
                })
            } else if session.kind == .chat {
                chatSessionID = id
            }
        } catch {
            emit(.effectFailed("open session \(id): \(describe(error))"))
        }
    }

    func renameSession(_ id: Int64, title: String) async {
        do {
            _ = try await store.renameSession(id: id, title: title)
            await loadSessions()
        } catch {
            emit(.effectFailed("rename: \(describe(error))"))
        }
    }

    func deleteSession(_ id: Int64) async {
        do {
            if let team, team.sessionID == id { await closeTeam() }
            if chatSessionID == id { chatSessionID = nil }
            _ = try await store.deleteSession(id: id)
            await loadSessions()
        } catch {
            emit(.effectFailed("delete: \(describe(error))"))
        }
    }

    func search(_ query: String) async {
        do {
            emit(.searchResults(query: query, hits: try await store.search(query, limit: 50)))
        } catch {
            emit(.effectFailed("search failed: \(describe(error))"))
        }
    }

    func loadSettings() {
        let roles = TeamConfiguration.roleModels(fromConfig: config.roles)
        let assignments = TeamRole.allCases.map {
            RoleAssignment(role: $0.rawValue, model: (roles[$0] ?? config.defaultModel).description)
        }
        emit(.settingsLoaded(SettingsData(assignments: assignments,
                                          availableModels: catalog.models.map(\.ref.description).sorted())))
    }
}
