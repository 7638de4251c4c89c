/// Refuses server-reported file names and folders that could mean anything but "a file in
/// ComfyUI's own folder": before a `/view` request is made, and whatever the server says.
/// A filename must be 1–255 bytes of UTF-8 without NUL, control characters (escape
/// sequences included), `/`, `\`, `..`, or a leading `.`-only name. A subfolder may be empty
/// or `a/b` (ComfyUI's save nodes put `audio/…` prefixes there), but each component follows
/// the same rules and it may not be absolute; `type` must be `output`, `temp` or `input`.
/// These names never become local paths (Atelier chooses its own), so this only guards the
/// request and keeps hostile text out of messages. Stateless; callable from anywhere.
public enum OutputNameCheck {
    /// The longest file name (bytes) accepted, as most file systems allow.
    public static let maxNameBytes = 255
    /// The longest subfolder (bytes) accepted.
    public static let maxSubfolderBytes = 1024

    /// Throws `ComfyError.Kind.unsafeOutputName` with a message naming the field and the rule.
    public static func check(_ file: OutputFile) throws(ComfyError) {
        if let reason = problem(inName: file.filename) {
            throw ComfyError(.unsafeOutputName,
                             "ComfyUI reported an unsafe output file name \(TextSanitizer.quoted(file.filename)) (node \(file.node)): \(reason); nothing was fetched")
        }
        if let reason = problem(inSubfolder: file.subfolder) {
            throw ComfyError(.unsafeOutputName,
                             "ComfyUI reported an unsafe output folder \(TextSanitizer.quoted(file.subfolder)) for \(TextSanitizer.quoted(file.filename)) (node \(file.node)): \(reason); nothing was fetched")
        }
        guard ["output", "temp", "input"].contains(file.type) else {
            throw ComfyError(.unsafeOutputName,
                             "ComfyUI reported an unknown output type \(TextSanitizer.quoted(file.type)) for \(TextSanitizer.quoted(file.filename)); nothing was fetched")
        }
    }

    /// Why `name` is not acceptable as one file name, or nil. Checked on bytes and scalars,
    /// never on `Character`s: a combining mark after `/` or `.` makes one character that is
    /// neither, yet the bytes still hold the separator or the dots.
    public static func problem(inName name: String) -> String? {
        let bytes = name.utf8
        if bytes.isEmpty { return "it is empty" }
        if bytes.count > maxNameBytes { return "it is \(bytes.count) bytes long, more than \(maxNameBytes)" }
        if let reason = characterProblem(name) { return reason }
        if bytes.contains(slash) { return "it contains a path separator '/'" }
        if bytes.elementsEqual([dot]) || bytes.elementsEqual([dot, dot]) { return "it is a directory reference" }
        if containsDotDot(bytes[...]) { return "it contains '..'" }
        return nil
    }

    /// Why `subfolder` is not acceptable, or nil. Empty is fine. Checked on bytes and scalars
    /// like a name; components are what lies between `/` bytes.
    public static func problem(inSubfolder subfolder: String) -> String? {
        let bytes = subfolder.utf8
        if bytes.isEmpty { return nil }
        if bytes.count > maxSubfolderBytes { return "it is \(bytes.count) bytes long, more than \(maxSubfolderBytes)" }
        if bytes.first == slash { return "it is an absolute path" }
        if let reason = characterProblem(subfolder) { return reason }
        for component in bytes.split(separator: slash, omittingEmptySubsequences: false) {
            if component.isEmpty { return "it has an empty path component" }
            if component.elementsEqual([dot]) || component.elementsEqual([dot, dot]) {
                return "it contains '\(Substring(component))'"
            }
            if containsDotDot(component) { return "it contains '..'" }
            if component.count > maxNameBytes { return "a component is longer than \(maxNameBytes) bytes" }
        }
        return nil
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")

    /// Two `.` bytes in a row.
    private static func containsDotDot(_ bytes: Substring.UTF8View) -> Bool {
        var previousWasDot = false
        for byte in bytes {
            if byte == dot && previousWasDot { return true }
            previousWasDot = byte == dot
        }
        return false
    }

    private static func characterProblem(_ text: String) -> String? {
        for scalar in text.unicodeScalars {
            if scalar.value == 0 { return "it contains a NUL byte" }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return "it contains a control character" }
            if scalar == "\\" { return "it contains a backslash" }
            if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) {
                return "it contains a bidirectional override"
            }
        }
        return nil
    }
}
