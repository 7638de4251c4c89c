import TestSupport

/// Checks a PNG the hard way for tests: signature, every chunk's CRC-32, IHDR first and IEND
/// last, and the IDAT zlib stream (stored blocks only) inflated to exactly the size the
/// header implies, with a matching Adler-32. Returns the problems found (empty = valid).
enum PNGChecker {
    struct Info {
        var width = 0
        var height = 0
        var chunkTypes: [String] = []
        var text: [String: String] = [:]
        var problems: [String] = []
    }

    static func check(_ bytes: [UInt8]) -> Info {
        var info = Info()
        guard bytes.count > 8, Array(bytes[0..<8]) == PNGEncoder.signature else {
            info.problems.append("bad signature")
            return info
        }
        var offset = 8
        var idat: [UInt8] = []
        while offset + 12 <= bytes.count {
            let length = Int(be32(bytes, offset))
            let typeBytes = Array(bytes[(offset + 4)..<(offset + 8)])
            let type = String(decoding: typeBytes, as: UTF8.self)
            guard offset + 12 + length <= bytes.count else {
                info.problems.append("chunk \(type) runs past the end")
                return info
            }
            let data = Array(bytes[(offset + 8)..<(offset + 8 + length)])
            if Checksums.crc32(typeBytes + data) != be32(bytes, offset + 8 + length) { info.problems.append("bad CRC in \(type)") }
            info.chunkTypes.append(type)
            switch type {
            case "IHDR":
                info.width = Int(be32(data, 0))
                info.height = Int(be32(data, 4))
                if data[8] != 8 || data[9] != 2 { info.problems.append("not 8-bit RGB") }
            case "IDAT": idat += data
            case "tEXt":
                if let zero = data.firstIndex(of: 0) {
                    info.text[String(decoding: data[..<zero], as: UTF8.self)] = String(decoding: data[(zero + 1)...], as: UTF8.self)
                }
            default: break
            }
            offset += 12 + length
        }
        if offset != bytes.count { info.problems.append("trailing bytes") }
        if info.chunkTypes.first != "IHDR" { info.problems.append("IHDR is not first") }
        if info.chunkTypes.last != "IEND" { info.problems.append("IEND is not last") }
        guard let raw = inflateStored(idat, problems: &info.problems) else { return info }
        if raw.count != (info.width * 3 + 1) * info.height { info.problems.append("image data has \(raw.count) bytes") }
        return info
    }

    private static func inflateStored(_ stream: [UInt8], problems: inout [String]) -> [UInt8]? {
        guard stream.count >= 6, (UInt16(stream[0]) << 8 | UInt16(stream[1])) % 31 == 0, stream[0] & 0x0F == 8 else {
            problems.append("bad zlib header")
            return nil
        }
        var out: [UInt8] = []
        var offset = 2
        while true {
            guard offset + 5 <= stream.count else {
                problems.append("truncated deflate block")
                return nil
            }
            let header = stream[offset]
            guard header & 0x06 == 0 else {
                problems.append("not a stored block")
                return nil
            }
            let length = Int(stream[offset + 1]) | Int(stream[offset + 2]) << 8
            let check = Int(stream[offset + 3]) | Int(stream[offset + 4]) << 8
            if length != (~check & 0xFFFF) { problems.append("LEN/NLEN mismatch") }
            out += stream[(offset + 5)..<(offset + 5 + length)]
            offset += 5 + length
            if header & 1 == 1 { break }
        }
        if be32(stream, offset) != Checksums.adler32(out) { problems.append("bad Adler-32") }
        return out
    }

    static func be32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
    }
}
