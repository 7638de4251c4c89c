import Core
import Engine
import Foundation
import Testing

@Suite struct ChorusParserTests {
    @Test func exactMarkersParseWithoutWarnings() {
        let answer = """
            ===ARTIST STATEMENT===
            A city asleep under neon rain.

            It is about loneliness.
            ===FINAL IMAGE PROMPT===
            neon-lit alley at night, rain, lone figure, cinematic, 35mm
            """
        let parsed = ArtistResponseParser.parse(answer)
        #expect(parsed.statement == "A city asleep under neon rain.\n\nIt is about loneliness.")
        #expect(parsed.imagePrompt == "neon-lit alley at night, rain, lone figure, cinematic, 35mm")
        #expect(parsed.warnings.isEmpty)
    }

    @Test(arguments: [
        ("=== artist statement ===", "=== final image prompt ==="),
        ("## Artist Statement", "## Final Image Prompt"),
        ("**ARTIST STATEMENT:**", "**FINAL IMAGE PROMPT:**"),
        ("===ARTIST_STATEMENT===", "===FINAL_IMAGE_PROMPT==="),
        ("Artist statement:", "Image prompt:"),
        ("### **Artist-Statement**", "**Image Prompt**"),
        ("ARTIST STATEMENT", "FINAL IMAGE PROMPT ="),
    ])
    func markerVariantsAreRecognised(statementMarker: String, imageMarker: String) {
        let answer = "Sure! Here is my answer.\r\n\(statementMarker)\r\nQuiet harbour at dawn.\r\n\(imageMarker)\r\nfoggy harbour, dawn light, muted teal\r\n"
        let parsed = ArtistResponseParser.parse(answer)
        #expect(parsed.statement == "Quiet harbour at dawn.")
        #expect(parsed.imagePrompt == "foggy harbour, dawn light, muted teal")
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test func textOnTheMarkerLineIsKept() {
        let parsed = ArtistResponseParser.parse("**Artist statement:** Bold and red.\n**Final image prompt:** a red fox, studio light")
        #expect(parsed.statement == "Bold and red.")
        #expect(parsed.imagePrompt == "a red fox, studio light")
        #expect(parsed.warnings.isEmpty)
    }

    @Test func aMissingImagePromptFallsBackToTheLastParagraphWithAWarning() {
        let parsed = ArtistResponseParser.parse("===ARTIST STATEMENT===\nFirst idea.\n\nA lighthouse in a storm, oil paint.")
        #expect(parsed.statement == "First idea.\n\nA lighthouse in a storm, oil paint.")
        #expect(parsed.imagePrompt == "A lighthouse in a storm, oil paint.")
        #expect(parsed.warnings == ["no ===FINAL IMAGE PROMPT=== marker; the statement's last paragraph was used"])
    }

    @Test func aMissingStatementMarkerTakesTheTextBeforeTheImagePrompt() {
        let parsed = ArtistResponseParser.parse("I see warmth.\n===FINAL IMAGE PROMPT===\nwarm kitchen, morning")
        #expect(parsed.statement == "I see warmth.")
        #expect(parsed.imagePrompt == "warm kitchen, morning")
        #expect(parsed.warnings.count == 1)
        #expect(parsed.warnings[0].contains("no ===ARTIST STATEMENT=== marker"))
    }

    @Test func noMarkersAtAllGiveTwoWarningsAndStillAPrompt() {
        let parsed = ArtistResponseParser.parse("Just prose.\n\nA cat on a windowsill.")
        #expect(parsed.statement == "Just prose.\n\nA cat on a windowsill.")
        #expect(parsed.imagePrompt == "A cat on a windowsill.")
        #expect(parsed.warnings.count == 2)
    }

    @Test func anEmptyImageSectionFallsBack() {
        let parsed = ArtistResponseParser.parse("===ARTIST STATEMENT===\nMoody.\n===FINAL IMAGE PROMPT===\n\n")
        #expect(parsed.imagePrompt == "Moody.")
        #expect(parsed.warnings == ["the ===FINAL IMAGE PROMPT=== section is empty; the statement's last paragraph was used"])
    }

    @Test func anEmptyAnswerGivesNoPromptAndWarnings() {
        let parsed = ArtistResponseParser.parse("")
        #expect(parsed.statement.isEmpty)
        #expect(parsed.imagePrompt.isEmpty)
        #expect(parsed.warnings.count == 2)
        #expect(parsed.warnings[1].contains("there is no text to use instead"))
    }

    @Test func proseThatStartsWithTheWordsIsNotAMarker() {
        let answer = "===ARTIST STATEMENT===\nImage prompt engineering is an art.\n===FINAL IMAGE PROMPT===\nan easel"
        let parsed = ArtistResponseParser.parse(answer)
        #expect(parsed.statement == "Image prompt engineering is an art.")
        #expect(parsed.imagePrompt == "an easel")
    }

    @Test func fencesAndQuotesAroundThePromptAreRemoved() {
        let fenced = ArtistResponseParser.parse("===ARTIST STATEMENT===\nx\n===FINAL IMAGE PROMPT===\n```\nsnowy peak, blue hour\n```")
        #expect(fenced.imagePrompt == "snowy peak, blue hour")
        let quoted = ArtistResponseParser.parse("===ARTIST STATEMENT===\nx\n===FINAL IMAGE PROMPT===\n“golden field”")
        #expect(quoted.imagePrompt == "golden field")
    }

    @Test func repeatedMarkersUseTheFirstSectionAndSaySo() {
        let answer = "===ARTIST STATEMENT===\none\n===FINAL IMAGE PROMPT===\nfirst\n===FINAL IMAGE PROMPT===\nsecond"
        let parsed = ArtistResponseParser.parse(answer)
        #expect(parsed.imagePrompt == "first")
        #expect(parsed.warnings == ["the ===FINAL IMAGE PROMPT=== marker appears 2 times; the first section was used"])
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256Hasher.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Hasher.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Hasher.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(SHA256Hasher.hex(Data(repeating: 0x61, count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // 55, 56 and 64 bytes: the padding edges.
        #expect(SHA256Hasher.hex(String(repeating: "a", count: 64))
                == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
        #expect(SHA256Hasher.hex(String(repeating: "a", count: 55))
                == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256Hasher.hex(String(repeating: "a", count: 56))
                == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    }
}
