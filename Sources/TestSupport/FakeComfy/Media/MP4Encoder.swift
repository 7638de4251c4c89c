/// Writes a minimal, structurally valid MP4 (ISO base media) file: `ftyp` (isom/mp42), a
/// `moov` with a movie header (`mvhd`: timescale 1000, the duration given) and an empty
/// `mdat`. It has no tracks (encoding H.264 is out of scope for a fake), which players and
/// `ffprobe` accept as an MP4 with no streams. Stateless; callable from anywhere.
public enum MP4Encoder {
    public static func empty(durationMilliseconds: UInt32 = 1000) -> [UInt8] {
        let ftyp = box("ftyp", Array("isom".utf8) + Checksums.bigEndian(512) + Array("isomiso2mp41mp42".utf8))
        var mvhd: [UInt8] = [0, 0, 0, 0]                          // version 0, flags
        mvhd += Checksums.bigEndian(0) + Checksums.bigEndian(0)    // creation, modification time
        mvhd += Checksums.bigEndian(1000) + Checksums.bigEndian(durationMilliseconds)
        mvhd += Checksums.bigEndian(0x0001_0000)                   // rate 1.0
        mvhd += [0x01, 0x00] + [UInt8](repeating: 0, count: 10)    // volume 1.0, reserved
        let matrix: [UInt32] = [0x0001_0000, 0, 0, 0, 0x0001_0000, 0, 0, 0, 0x4000_0000]
        for value in matrix { mvhd += Checksums.bigEndian(value) }
        mvhd += [UInt8](repeating: 0, count: 24)                   // pre_defined
        mvhd += Checksums.bigEndian(1)                             // next_track_ID
        return ftyp + box("moov", box("mvhd", mvhd)) + box("mdat", [])
    }

    static func box(_ type: String, _ payload: [UInt8]) -> [UInt8] {
        Checksums.bigEndian(UInt32(8 + payload.count)) + Array(type.utf8) + payload
    }
}
