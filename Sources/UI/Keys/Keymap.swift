/// The key table (tig's practice): which key triggers which `Action`, as data. The help screen,
/// the footer hints and rebinding from the config all read this one table.
///
/// Invariant: within one context a key maps to at most one action (`rebinding` keeps it so; the
/// default table is checked by a test). The first binding listed for an action is the one the
/// footer shows. A plain value, part of `AppState`.
public struct Keymap: Sendable, Hashable {
    public private(set) var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) {
        self.bindings = bindings
    }

    /// The action `key` triggers, trying `contexts` in order.
    public func action(for key: KeyEvent, in contexts: [KeyContext]) -> Action? {
        for context in contexts {
            if let binding = bindings.first(where: { $0.key == key && $0.action.context == context }) {
                return binding.action
            }
        }
        return nil
    }

    /// The keys bound to `action`, in table order.
    public func keys(for action: Action) -> [KeyEvent] {
        bindings.filter { $0.action == action }.map(\.key)
    }

    /// Footer hints for `actions`: (first key, hint word), skipping unbound or unhinted actions.
    public func hints(for actions: [Action]) -> [(key: String, hint: String)] {
        actions.compactMap { action in
            guard let hint = action.hint, let key = keys(for: action).first else { return nil }
            return (key.description, hint)
        }
    }

    /// The table with `overrides` applied: each entry binds a key name (`ctrl+x`) to an action
    /// name (`quit`), replacing that action's keys. Unknown names are errors that say what exists.
    public func rebinding(_ overrides: [(action: String, keys: [String])]) throws(KeymapError) -> Keymap {
        var table = bindings
        for (actionName, keyNames) in overrides {
            guard let action = Action(rawValue: actionName) else {
                throw KeymapError(message: "unknown action '\(actionName.prefix(40))' (actions: \(Action.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            var keys: [KeyEvent] = []
            for name in keyNames {
                guard let key = KeyEvent(name: name) else {
                    throw KeymapError(message: "unknown key '\(name.prefix(40))' for \(actionName) (e.g. ctrl+q, alt+enter, f1, pgup)")
                }
                keys.append(key)
            }
            table.removeAll { $0.action == action || (keys.contains($0.key) && $0.action.context == action.context) }
            table.append(contentsOf: keys.map { KeyBinding(key: $0, action: action) })
        }
        return Keymap(bindings: table)
    }
}

/// One row of the key table. A plain value.
public struct KeyBinding: Sendable, Hashable {
    public var key: KeyEvent
    public var action: Action

    public init(key: KeyEvent, action: Action) {
        self.key = key
        self.action = action
    }
}

/// A rebinding that names an unknown action or key. A plain value.
public struct KeymapError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
