/// Writes real PNG files without zlib: 8-bit RGB, every row with filter 0, the image data
/// in a zlib stream of stored (uncompressed) deflate blocks with its Adler-32, every chunk
/// with its CRC-32, and optional `tEXt` chunks (ComfyUI stores `prompt` and `workflow`
/// there). Stateless; callable from anywhere.
public enum PNGEncoder {
    /// The 8-byte PNG signature.
    public static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// A `width`×`height` image filled by `pixel(x, y) -> (r, g, b)`, with `text` chunks.
    public static func encode(width: Int, height: Int, text: [(String, String)] = [],
                              pixel: (Int, Int) -> (UInt8, UInt8, UInt8)) -> [UInt8] {
        var raw: [UInt8] = []
        raw.reserveCapacity((width * 3 + 1) * height)
        for y in 0..<height {
            raw.append(0)
            for x in 0..<width {
                let (r, g, b) = pixel(x, y)
                raw += [r, g, b]
            }
        }
        var png = signature
        var header = Checksums.bigEndian(UInt32(width)) + Checksums.bigEndian(UInt32(height))
        header += [8, 2, 0, 0, 0]
        png += chunk("IHDR", header)
        for (key, value) in text { png += chunk("tEXt", Array(key.utf8) + [0] + Array(value.utf8)) }
        png += chunk("IDAT", zlibStored(raw))
        png += chunk("IEND", [])
        return png
    }

    /// A solid-colour image (`color` is 0xRRGGBB, as EmptyImage takes it).
    public static func solid(width: Int, height: Int, color: Int, text: [(String, String)] = []) -> [UInt8] {
        let r = UInt8((color >> 16) & 0xFF), g = UInt8((color >> 8) & 0xFF), b = UInt8(color & 0xFF)
        return encode(width: width, height: height, text: text) { _, _ in (r, g, b) }
    }

    /// A zlib stream (RFC 1950) of stored deflate blocks (RFC 1951 BTYPE 00).
    public static func zlibStored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        var offset = 0
        repeat {
            let count = min(65_535, data.count - offset)
            let final: UInt8 = offset + count >= data.count ? 1 : 0
            out.append(final)
            out += Checksums.littleEndian16(UInt16(count)) + Checksums.littleEndian16(~UInt16(count))
            out += data[offset..<offset + count]
            offset += count
        } while offset < data.count
        out += Checksums.bigEndian(Checksums.adler32(data))
        return out
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typeBytes = Array(type.utf8)
        return Checksums.bigEndian(UInt32(data.count)) + typeBytes + data + Checksums.bigEndian(Checksums.crc32(typeBytes + data))
    }
}
