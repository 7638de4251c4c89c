/// Nullable 64-bit reads for the run tables (row ids stored in nullable columns).
/// Confined to the store's executor, like `Statement` itself.
extension Statement {
    func optionalInt64(_ column: Int32) -> Int64? { isNull(column) ? nil : int64(column) }
}
