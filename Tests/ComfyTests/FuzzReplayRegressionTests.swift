@testable import Comfy
import Testing

/// Bugs the fuzzers found in the ComfyUI layer, each pinned by a readable case (the minimized
/// inputs themselves are replayed from `Tests/Fuzz/Crashes` by `FuzzReplayTests`).
@Suite struct FuzzReplayRegressionTests {
    /// Found by the `outputname` harness: the checks compared `Character`s, so a `/` or `.`
    /// followed by a combining mark (one character, neither `/` nor `.`) slipped through.
    @Test(arguments: ["/\u{06D6}", "a/\u{0301}b.png", "..\u{0301}", "x..\u{20DD}.png"])
    func separatorsAndDotsUnderCombiningMarksAreRefused(_ name: String) {
        #expect(OutputNameCheck.problem(inName: name) != nil)
        #expect(throws: ComfyError.self) { try OutputNameCheck.check(OutputFile(node: "9", filename: name)) }
    }

    @Test(arguments: ["/\u{0301}etc", "a/..\u{0301}/b", "..\u{0301}", "..\u{0301}/x"])
    func subfoldersWithCombiningMarksAreRefused(_ subfolder: String) {
        #expect(OutputNameCheck.problem(inSubfolder: subfolder) != nil)
        #expect(throws: ComfyError.self) {
            try OutputNameCheck.check(OutputFile(node: "9", filename: "a.png", subfolder: subfolder))
        }
    }

    @Test func combiningMarksElsewhereAreFine() {
        #expect(OutputNameCheck.problem(inName: "e\u{0301}.png") == nil)
        #expect(OutputNameCheck.problem(inName: ".\u{0301}x.png") == nil)
        #expect(OutputNameCheck.problem(inSubfolder: "audio/cafe\u{0301}") == nil)
    }

    /// Found by the `outputname` harness: a name refused for its bidirectional override was
    /// quoted with the override itself, so the refusal reordered the text around it.
    @Test(arguments: ["x\u{202E}gnp.exe", "\u{2066}a", "a\u{200F}b", "\u{061C}"])
    func quotedNamesShowBidiControlsAsEscapes(_ name: String) {
        let quoted = TextSanitizer.quoted(name)
        #expect(!quoted.unicodeScalars.contains { TextSanitizer.isBidiControl($0.value) })
        #expect(quoted.contains("\\u{"))
        do {
            try OutputNameCheck.check(OutputFile(node: "9", filename: name, subfolder: name))
        } catch {
            #expect(!error.message.unicodeScalars.contains { TextSanitizer.isBidiControl($0.value) })
        }
    }
}
