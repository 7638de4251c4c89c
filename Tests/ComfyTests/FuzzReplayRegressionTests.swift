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
}
