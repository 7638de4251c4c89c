/// A colour as a theme names it: the terminal's default, one of the 16 ANSI colours, an
/// entry of the 256-colour palette, or an RGB value. `degraded(to:)` maps it onto what a
/// terminal can show. A plain value; any actor may use it.
///
/// Invariant: `.ansi` holds 0...15 (the initializer of the parser guarantees it; values above
/// are treated as their low 4 bits when degraded).
public enum Color: Sendable, Hashable {
    case `default`
    case ansi(UInt8)
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// The ANSI colour names, in palette order (index 0...7; `bright-` adds 8).
    public static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// The colour as a terminal with `support` can show it: RGB goes to the 256-colour cube,
    /// 256 to the nearest of 16, 16 to 8 (bright to normal), and nothing to `.default`.
    public func degraded(to support: ColorSupport) -> Color {
        switch (self, support) {
        case (.default, _), (_, .none): return .default
        case (.rgb(let r, let g, let b), .many): return .indexed(Self.cubeIndex(r, g, b))
        case (.rgb(let r, let g, let b), _): return .ansi(Self.nearestANSI(r, g, b, limit: support == .eight ? 8 : 16))
        case (.indexed(let index), .many): return .indexed(index)
        case (.indexed(let index), _):
            if index < 16 { return Color.ansi(index).degraded(to: support) }
            let (r, g, b) = Self.rgbOfIndex(index)
            return .ansi(Self.nearestANSI(r, g, b, limit: support == .eight ? 8 : 16))
        case (.ansi(let index), .eight): return .ansi((index & 15) % 8)
        case (.ansi(let index), _): return .ansi(index & 15)
        }
    }

    /// The 6x6x6 cube / grey ramp index nearest to an RGB value (xterm's palette).
    static func cubeIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let levels: [Int] = [0, 95, 135, 175, 215, 255]
        func level(_ value: UInt8) -> Int {
            var best = 0
            for (index, candidate) in levels.enumerated() where abs(candidate - Int(value)) < abs(levels[best] - Int(value)) {
                best = index
            }
            return best
        }
        let (lr, lg, lb) = (level(r), level(g), level(b))
        let cube = 16 + 36 * lr + 6 * lg + lb
        let cubeDistance = distance((r, g, b), (UInt8(levels[lr]), UInt8(levels[lg]), UInt8(levels[lb])))
        let average = (Int(r) + Int(g) + Int(b)) / 3
        let greyStep = min(23, max(0, (average - 8 + 5) / 10))
        let greyValue = UInt8(8 + 10 * greyStep)
        let greyDistance = distance((r, g, b), (greyValue, greyValue, greyValue))
        return greyDistance < cubeDistance ? UInt8(232 + greyStep) : UInt8(cube)
    }

    /// The RGB value of a 256-palette entry (16...255; the first 16 use the xterm defaults).
    static func rgbOfIndex(_ index: UInt8) -> (UInt8, UInt8, UInt8) {
        if index < 16 { return ansiRGB[Int(index)] }
        if index >= 232 {
            let value = UInt8(8 + 10 * (Int(index) - 232))
            return (value, value, value)
        }
        let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
        let cube = Int(index) - 16
        return (levels[cube / 36], levels[(cube / 6) % 6], levels[cube % 6])
    }

    /// xterm's default RGB for the 16 ANSI colours.
    static let ansiRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func nearestANSI(_ r: UInt8, _ g: UInt8, _ b: UInt8, limit: Int) -> UInt8 {
        var best = 0
        var bestDistance = Int.max
        for index in 0..<limit {
            let candidate = distance((r, g, b), ansiRGB[index])
            if candidate < bestDistance {
                best = index
                bestDistance = candidate
            }
        }
        return UInt8(best)
    }

    private static func distance(_ a: (UInt8, UInt8, UInt8), _ b: (UInt8, UInt8, UInt8)) -> Int {
        let dr = Int(a.0) - Int(b.0), dg = Int(a.1) - Int(b.1), db = Int(a.2) - Int(b.2)
        return dr * dr + dg * dg + db * db
    }
}
