/// Writes real WAV files: RIFF/WAVE with a 16-bit PCM mono `fmt ` chunk and a `data` chunk
/// holding a sine tone. Stateless; callable from anywhere.
public enum WAVEncoder {
    /// `seconds` of a `frequency` Hz tone at `sampleRate`.
    public static func tone(seconds: Double, frequency: Double = 440, sampleRate: Int = 44_100) -> [UInt8] {
        let count = max(1, Int(seconds * Double(sampleRate)))
        var samples: [UInt8] = []
        samples.reserveCapacity(count * 2)
        for index in 0..<count {
            let value = sin(2 * Double.pi * frequency * Double(index) / Double(sampleRate)) * 0.3
            samples += Checksums.littleEndian16(UInt16(bitPattern: Int16(value * Double(Int16.max))))
        }
        var wav = Array("RIFF".utf8) + Checksums.littleEndian32(UInt32(36 + samples.count)) + Array("WAVE".utf8)
        wav += Array("fmt ".utf8) + Checksums.littleEndian32(16)
        wav += Checksums.littleEndian16(1) + Checksums.littleEndian16(1)                       // PCM, mono
        wav += Checksums.littleEndian32(UInt32(sampleRate)) + Checksums.littleEndian32(UInt32(sampleRate * 2))
        wav += Checksums.littleEndian16(2) + Checksums.littleEndian16(16)                      // block align, bits
        wav += Array("data".utf8) + Checksums.littleEndian32(UInt32(samples.count)) + samples
        return wav
    }

    private static func sin(_ x: Double) -> Double {
        // Taylor series around the nearest multiple of 2π: enough for a test tone, no libm needed.
        let twoPi = 2 * Double.pi
        var t = x - (x / twoPi).rounded() * twoPi
        if t > Double.pi { t -= twoPi }
        var term = t, sum = t
        for n in 1..<10 {
            term *= -t * t / Double((2 * n) * (2 * n + 1))
            sum += term
        }
        return sum
    }
}
