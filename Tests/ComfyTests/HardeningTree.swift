import Foundation
import Glibc

/// A snapshot of every entry under a folder, taken with `lstat` (a symbolic link is
/// recorded as a link with its target, never followed): type, size, mode, inode,
/// modification time and, for regular files, the bytes themselves (these tests make small
/// files). Comparing two snapshots names
/// every entry added, removed or changed. A plain value; made on the test's task.
struct HardeningTree: Equatable {
    struct Entry: Equatable {
        var type: String
        var size: Int64
        var mode: UInt32
        var inode: UInt64
        var modified: Int
        var content: [UInt8]?
        var target: String?
    }

    var entries: [String: Entry]

    /// Walks `root` (entries are keyed by their path relative to it).
    init(_ root: String) {
        entries = [:]
        walk(root, relative: "")
    }

    private mutating func walk(_ path: String, relative: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for name in names.sorted() {
            let full = path + "/" + name
            let key = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(full, &info) == 0 else { continue }
            let kind = info.st_mode & S_IFMT
            var entry = Entry(type: "other", size: Int64(info.st_size), mode: UInt32(info.st_mode & 0o7777),
                              inode: UInt64(info.st_ino), modified: info.st_mtim.tv_sec * 1_000_000_000 + info.st_mtim.tv_nsec)
            switch kind {
            case S_IFDIR:
                entry.type = "dir"
                entry.size = 0
                entry.modified = 0   // a folder's time changes when entries come and go; entries are compared one by one
                entries[key] = entry
                walk(full, relative: key)
                continue
            case S_IFLNK:
                entry.type = "link"
                entry.target = try? FileManager.default.destinationOfSymbolicLink(atPath: full)
            case S_IFREG:
                entry.type = "file"
                entry.content = FileManager.default.contents(atPath: full).map { [UInt8]($0) }
            default:
                break
            }
            entries[key] = entry
        }
    }

    /// Every difference from `before`, as "added x", "removed x", "changed x", except added
    /// entries below one of `allowedPrefixes` (the generation's own folder).
    func changes(since before: HardeningTree, allowing allowedPrefixes: [String] = []) -> [String] {
        var found: [String] = []
        for (key, entry) in entries where before.entries[key] == nil {
            let allowed = allowedPrefixes.contains { key == $0 || key.hasPrefix($0 + "/") || $0.hasPrefix(key + "/") }
            if !allowed || entry.type == "link" { found.append("added \(key) (\(entry.type))") }
        }
        for (key, entry) in before.entries {
            guard let now = entries[key] else {
                found.append("removed \(key)")
                continue
            }
            if now != entry { found.append("changed \(key)") }
        }
        return found.sorted()
    }

    /// Total bytes of regular files.
    var fileBytes: Int64 { entries.values.filter { $0.type == "file" }.reduce(0) { $0 + $1.size } }
}
