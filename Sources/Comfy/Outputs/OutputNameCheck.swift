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

    /// Why `name` is not acceptable as one file name, or nil.
    public static func problem(inName name: String) -> String? {
        if name.isEmpty { return "it is empty" }
        if name.utf8.count > maxNameBytes { return "it is \(name.utf8.count) bytes long, more than \(maxNameBytes)" }
        if let reason = characterProblem(name) { return reason }
        if name.contains("/") { return "it contains a path separator '/'" }
        if name == "." || name == ".." { return "it is a directory reference" }
        if name.contains("..") { return "it contains '..'" }
        return nil
    }

    /// Why `subfolder` is not acceptable, or nil. Empty is fine.
    public static func problem(inSubfolder subfolder: String) -> String? {
        if subfolder.isEmpty { return nil }
        if subfolder.utf8.count > maxSubfolderBytes { return "it is \(subfolder.utf8.count) bytes long, more than \(maxSubfolderBytes)" }
        if subfolder.hasPrefix("/") { return "it is an absolute path" }
        if let reason = characterProblem(subfolder) { return reason }
        for component in subfolder.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty { return "it has an empty path component" }
            if component == "." || component == ".." { return "it contains '\(component)'" }
            if component.contains("..") { return "it contains '..'" }
            if component.utf8.count > maxNameBytes { return "a component is longer than \(maxNameBytes) bytes" }
        }
        return nil
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
