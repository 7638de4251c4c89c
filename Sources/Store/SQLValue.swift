/// A value bound to a statement parameter. Internal to the store; built on the store's
/// executor and consumed there.
enum SQLValue {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)

    static func int(_ value: Int?) -> SQLValue { value.map { .integer(Int64($0)) } ?? .null }
    static func int64(_ value: Int64?) -> SQLValue { value.map { .integer($0) } ?? .null }
    static func double(_ value: Double?) -> SQLValue { value.map { .real($0) } ?? .null }
    static func string(_ value: String?) -> SQLValue { value.map { .text($0) } ?? .null }
    static func bool(_ value: Bool) -> SQLValue { .integer(value ? 1 : 0) }
}
