@testable import Comfy
import Core
import Foundation
import TestSupport

// Invariant checks of the `outputname` harness, compiled both into the libFuzzer harness by
// `Tests/Fuzz/build.sh` and into ComfyTests by the replay tests.

/// The `outputname` harness: byte 0 picks the `type`; the rest, decoded as UTF-8, is a file
/// name and, after the first 0xFF byte (never part of UTF-8), a subfolder. Whatever
/// `OutputNameCheck` accepts obeys its rules byte by byte (no `/`, `\`, NUL, control or bidi
/// override, no `..`, 1–255 bytes; subfolder components likewise and not absolute), whatever
/// obeys them is accepted, and refusals are one inert line.
enum OutputNameFuzzCheck {
    static let types = ["output", "temp", "input", "Output", "../output", "", "output\u{0}"]

    static func run(_ bytes: [UInt8]) -> FuzzFailures {
        var failures = FuzzFailures()
        let type = types[Int(bytes.first ?? 0) % types.count]
        let rest = Array(bytes.dropFirst())
        let cut = rest.firstIndex(of: 0xFF)
        let name = String(decoding: rest[..<(cut ?? rest.count)], as: UTF8.self)
        let subfolder = cut.map { String(decoding: rest[($0 + 1)...], as: UTF8.self) } ?? ""
        let whole = String(decoding: rest, as: UTF8.self)

        for text in [name, whole] {
            let verdict = OutputNameCheck.problem(inName: text)
            let expected = nameRuleBroken(text)
            failures.expect((verdict == nil) == (expected == nil),
                            "name \(text.debugDescription): check says \(verdict ?? "fine"), the rules say \(expected ?? "fine")")
            let folderVerdict = OutputNameCheck.problem(inSubfolder: text)
            let folderExpected = subfolderRuleBroken(text)
            failures.expect((folderVerdict == nil) == (folderExpected == nil),
                            "subfolder \(text.debugDescription): check says \(folderVerdict ?? "fine"), the rules say \(folderExpected ?? "fine")")
        }
        let file = OutputFile(node: "9", filename: name, subfolder: subfolder, type: type)
        do {
            try OutputNameCheck.check(file)
            failures.expect(nameRuleBroken(name) == nil && subfolderRuleBroken(subfolder) == nil
                                && ["output", "temp", "input"].contains(type),
                            "accepted \(name.debugDescription) in \(subfolder.debugDescription) of type \(type.debugDescription)")
        } catch {
            failures.expect(error.kind == .unsafeOutputName, "refused with kind \(error.kind)")
            failures.expect(!error.message.isEmpty && !error.message.contains("\n"), "the refusal is not one line: \(error.message.debugDescription)")
            failures.expect(TerminalSanitizer.isInert(error.message), "the refusal is not inert: \(error.message.debugDescription)")
        }
        return failures
    }

    /// The documented rules for one file name, on bytes and scalars (never on `Character`s,
    /// which hide a `/` or `.` under a following combining mark).
    static func nameRuleBroken(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        if bytes.isEmpty { return "empty" }
        if bytes.count > OutputNameCheck.maxNameBytes { return "too long" }
        if let reason = characterRuleBroken(name) { return reason }
        if bytes.contains(0x2F) { return "a slash" }
        if bytes == [0x2E] { return "a dot" }
        if hasDotDot(bytes[...]) { return "two dots" }
        return nil
    }

    static func subfolderRuleBroken(_ subfolder: String) -> String? {
        let bytes = Array(subfolder.utf8)
        if bytes.isEmpty { return nil }
        if bytes.count > OutputNameCheck.maxSubfolderBytes { return "too long" }
        if bytes.first == 0x2F { return "absolute" }
        if let reason = characterRuleBroken(subfolder) { return reason }
        for component in bytes.split(separator: 0x2F, omittingEmptySubsequences: false) {
            if component.isEmpty { return "an empty component" }
            if Array(component) == [0x2E] { return "a dot component" }
            if hasDotDot(component) { return "two dots" }
            if component.count > OutputNameCheck.maxNameBytes { return "a long component" }
        }
        return nil
    }

    static func characterRuleBroken(_ text: String) -> String? {
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x20 || (0x7F...0x9F).contains(value) { return "a control character" }
            if value == 0x5C { return "a backslash" }
            if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { return "a bidi override" }
        }
        return nil
    }

    static func hasDotDot(_ bytes: ArraySlice<UInt8>) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { $0 == 0x2E && $1 == 0x2E }
    }
}
