import Foundation
import Testing
import UI

/// Text snapshots of rendered screens, stored in Tests/Snapshots/UITests (outside the test
/// target's folder: SwiftPM warns about unhandled files inside it, and Package.swift is fixed).
/// A mismatch fails the test with a line diff; `RECORD_SNAPSHOTS=1 swift test` re-records.
enum Snapshot {
    static let directory: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Snapshots/UITests")

    static var isRecording: Bool { ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" }

    /// The screen as snapshot text: a header, every row framed by `|`, and optionally a style map.
    static func text(of buffer: CellBuffer, styles: Bool) -> String {
        var lines = ["size \(buffer.size)" + (buffer.cursor.map { " cursor \($0.x),\($0.y)" } ?? " cursor hidden")]
        for row in 0..<buffer.size.height {
            var text = ""
            for column in 0..<buffer.size.width where !buffer[column, row].isContinuation {
                text.append(buffer[column, row].grapheme)
            }
            lines.append("|" + text + "|")
        }
        if styles { lines += styleMap(of: buffer) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// One letter per cell naming its style, and a legend.
    static func styleMap(of buffer: CellBuffer) -> [String] {
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var legend: [Style: Character] = [:]
        var order: [Style] = []
        var rows: [String] = []
        for row in 0..<buffer.size.height {
            var map = ""
            for column in 0..<buffer.size.width {
                let style = buffer[column, row].style
                if legend[style] == nil {
                    legend[style] = order.count < letters.count ? letters[order.count] : "?"
                    order.append(style)
                }
                map.append(legend[style] ?? "?")
            }
            rows.append("|" + map + "|")
        }
        return ["styles:"] + rows + ["legend:"] + order.map { "\(legend[$0] ?? "?") = \(describe($0))" }
    }

    static func describe(_ style: Style) -> String {
        func color(_ color: Color) -> String {
            switch color {
            case .default: return "default"
            case .ansi(let index): return "ansi\(index)"
            case .indexed(let index): return "\(index)"
            case .rgb(let r, let g, let b): return "#" + [r, g, b].map { String(format: "%02x", $0) }.joined()
            }
        }
        var words = ["fg:" + color(style.foreground), "bg:" + color(style.background)]
        for (name, attribute) in TextAttributes.named where style.attributes.contains(attribute) { words.append(name) }
        return words.joined(separator: " ")
    }

    /// Compares `buffer` with the stored snapshot `name` (or records it).
    static func check(_ buffer: CellBuffer, named name: String, styles: Bool = false,
                      sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = text(of: buffer, styles: styles)
        let file = directory.appendingPathComponent(name + ".txt")
        if isRecording {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            do {
                try actual.write(to: file, atomically: true, encoding: .utf8)
            } catch {
                Issue.record("could not record \(file.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(name).txt: run with RECORD_SNAPSHOTS=1 to record it\n\(actual)", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        Issue.record("snapshot \(name) differs (RECORD_SNAPSHOTS=1 re-records):\n\(diff(expected, actual))", sourceLocation: sourceLocation)
    }

    /// The differing lines, numbered, expected (-) above actual (+).
    static func diff(_ expected: String, _ actual: String) -> String {
        let old = expected.components(separatedBy: "\n")
        let new = actual.components(separatedBy: "\n")
        var out: [String] = []
        for index in 0..<max(old.count, new.count) {
            let left = index < old.count ? old[index] : "<none>"
            let right = index < new.count ? new[index] : "<none>"
            if left != right {
                out.append(String(format: "%4d - ", index + 1) + left)
                out.append(String(format: "%4d + ", index + 1) + right)
            }
        }
        return out.joined(separator: "\n")
    }
}
