/// The smaller size to retry at after the GPU ran out of memory: each side scaled by
/// `factor` (default 0.75), rounded down to a multiple of `multiple` (8, what latent sizes
/// need), and not below `minimum` (256). Stateless; callable from anywhere.
public enum ResolutionFallback {
    /// The reduced size, or nil when it would not be smaller than the current one.
    public static func reduced(width: Int64, height: Int64, factor: Double = 0.75, multiple: Int64 = 8,
                               minimum: Int64 = 256) -> (width: Int64, height: Int64)? {
        guard factor > 0, factor < 1, multiple > 0 else { return nil }
        func shrink(_ side: Int64) -> Int64 {
            let scaled = Int64((Double(side) * factor).rounded(.down))
            let aligned = scaled - scaled % multiple
            let floor = minimum + (minimum % multiple == 0 ? 0 : multiple - minimum % multiple)
            return min(side, max(aligned, floor))
        }
        let newWidth = shrink(width)
        let newHeight = shrink(height)
        guard newWidth < width || newHeight < height else { return nil }
        return (newWidth, newHeight)
    }
}
