import Foundation
import Testing
@testable import UI

@Suite struct ThemeTests {
    static let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Themes").path

    @Test(arguments: ["default-dark", "light", "high-contrast", "sixteen"])
    func everyShippedThemeParsesAndSetsEveryRole(name: String) throws {
        let text = try String(contentsOfFile: Self.themes + "/\(name).theme", encoding: .utf8)
        let theme = try ThemeParser.parse(text, source: name)  // no base: every role must be in the file
        #expect(ThemeRole.allCases.allSatisfy { theme.styles[$0] != nil })
        #expect(ThemeLoader.available(in: Self.themes).contains(name))
    }

    @Test func theBuiltInThemeIsTheDefaultFile() throws {
        let fromFile = try ThemeLoader.load(named: "default-dark", from: Self.themes)
        #expect(fromFile == Theme.defaultDark)
        #expect(Theme.defaultDark.name == "Default dark")
    }

    @Test func theSixteenColourThemeUsesOnlyANSIColours() throws {
        let theme = try ThemeLoader.load(named: "sixteen", from: Self.themes)
        for style in theme.styles.values {
            for color in [style.foreground, style.background] {
                if case .indexed = color { Issue.record("palette colour in the 16-colour theme") }
                if case .rgb = color { Issue.record("RGB colour in the 16-colour theme") }
            }
        }
    }

    @Test func badFilesGiveALineAndAReason() {
        func error(_ text: String) -> String {
            do {
                _ = try ThemeParser.parse(text, source: "bad.theme", base: .defaultDark)
                return "parsed"
            } catch {
                return error.description
            }
        }
        #expect(error("luna = fg:purpl") == "bad.theme:1: unknown colour 'purpl' (use default, a name like red or bright-blue, 0-255, or #rrggbb)")
        #expect(error("# c\nlunaa = bold").hasPrefix("bad.theme:2: unknown role 'lunaa'"))
        #expect(error("luna bold") == "bad.theme:1: expected `key = value`, found 'luna bold'")
        #expect(error("luna = blinking").hasPrefix("bad.theme:1: unknown word 'blinking'"))
        #expect(error("luna = bold\nluna = dim") == "bad.theme:2: role 'luna' is set twice")
        #expect(error("luna = fg:300").hasPrefix("bad.theme:1: unknown colour '300'"))
        #expect(error("name = Mine\nluna = fg:#ff00ff bg:bright-black underline") == "parsed")
        do {
            _ = try ThemeParser.parse("luna = bold", source: "partial.theme")
            Issue.record("a theme with no base must set every role")
        } catch {
            #expect(error.description.hasPrefix("partial.theme: role 'background' is not set"))
        }
    }

    @Test func startupFallsBackToTheDefaultWithAReason() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "text = fg:nocolour".write(to: directory.appendingPathComponent("broken.theme"), atomically: true, encoding: .utf8)
        try Data([0xFF, 0xFE, 0x00]).write(to: directory.appendingPathComponent("binary.theme"))
        let broken = ThemeLoader.startup(named: "broken", directory: directory.path)
        #expect(broken.theme == .defaultDark)
        #expect(broken.problem == "theme broken.theme:1: unknown colour 'nocolour' (use default, a name like red or bright-blue, 0-255, or #rrggbb); using the default theme")
        #expect(ThemeLoader.startup(named: "binary", directory: directory.path).problem?.contains("not UTF-8") == true)
        #expect(ThemeLoader.startup(named: "missing", directory: directory.path).problem?.contains("cannot read") == true)
        #expect(ThemeLoader.startup(named: "../etc/passwd", directory: directory.path).problem?.contains("letters, digits") == true)
        #expect(ThemeLoader.startup(named: nil, directory: directory.path).problem == nil)
        #expect(ThemeLoader.startup(named: "light", directory: Self.themes).theme.name == "Light")
    }

    @Test func coloursDegradeToWhatTheTerminalShows() {
        #expect(Color.rgb(255, 0, 0).degraded(to: .many) == .indexed(196))
        #expect(Color.rgb(128, 128, 128).degraded(to: .many) == .indexed(244))
        #expect(Color.rgb(255, 0, 0).degraded(to: .sixteen) == .ansi(9))
        #expect(Color.rgb(205, 0, 0).degraded(to: .eight) == .ansi(1))
        #expect(Color.indexed(196).degraded(to: .sixteen) == .ansi(9))
        #expect(Color.indexed(9).degraded(to: .eight) == .ansi(1))
        #expect(Color.ansi(12).degraded(to: .eight) == .ansi(4))
        #expect(Color.ansi(12).degraded(to: .none) == .default)
        for support in [ColorSupport.eight, .sixteen, .many] {
            let theme = Theme.defaultDark.degraded(to: support)
            for style in theme.styles.values {
                for color in [style.foreground, style.background] {
                    switch color {
                    case .default: break
                    case .ansi(let index): #expect(Int(index) < (support == .eight ? 8 : 16))
                    case .indexed: #expect(support == .many)
                    case .rgb: Issue.record("RGB survived degrading to \(support)")
                    }
                }
            }
        }
    }

    @Test func noColorKeepsMeaningWithReverseVideo() {
        let theme = Theme.defaultDark.degraded(to: .none)
        #expect(theme.styles.values.allSatisfy { $0.foreground == .default && $0.background == .default })
        #expect(theme[.statusBar].attributes.contains(.reverse))
        #expect(theme[.selection].attributes.contains(.reverse))
        #expect(theme[.luna].attributes.contains(.bold))
        #expect(ColorSupport.detect(colors: 256, environment: ["NO_COLOR": "1"]) == .none)
    }
}
