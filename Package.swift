// swift-tools-version:6.0
// Atelier: a terminal creative studio. No package dependencies: Foundation, the
// toolchain's test frameworks, and three C libraries through system-library targets.
import PackageDescription

/// How the release `atelier` is linked on Linux (docs/PERFORMANCE.md, "Peak RSS of `atelier
/// ask`"): the Swift runtime and Foundation statically (`-static-stdlib`, plus the libraries
/// static Foundation needs), by lld, with the functions `atelier ask` runs placed together at
/// the front of the code (`Sources/atelier/link-order.txt`; a stale list only costs memory),
/// and relative relocations packed (`-z pack-relative-relocs`, a position-independent
/// binary whose start-up touches a few kilobytes of relocations instead of two megabytes).
/// Debug builds and other platforms link as SwiftPM does by default.
let atelierReleaseLinking: [LinkerSetting] = {
    let directory = String(#filePath.dropLast("Package.swift".count))
    let staticLibraries = ["Foundation", "FoundationInternationalization", "FoundationEssentials", "CoreFoundation",
                           "_FoundationICU", "_FoundationCShims", "_FoundationCollections", "swiftSynchronization",
                           "swiftDispatch", "dispatch", "BlocksRuntime", "swift_StringProcessing", "swift_RegexParser",
                           "swift_Concurrency", "swiftCore", "swiftGlibc", "swift_Builtin_float"]
    let group = ["--start-group"] + staticLibraries.map { "-l" + $0 } + ["--end-group"]
    let linker = ["-z", "pack-relative-relocs", "--symbol-ordering-file=" + directory + "Sources/atelier/link-order.txt",
                  "--no-warn-symbol-ordering"] + group
    return [.unsafeFlags(["-static-stdlib", "-use-ld=lld"] + linker.flatMap { ["-Xlinker", $0] },
                         .when(platforms: [.linux], configuration: .release))]
}()

let package = Package(
    name: "Atelier",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "atelier", targets: ["atelier"]),
        .executable(name: "atelier-bench", targets: ["atelier-bench"]),
    ],
    targets: [
        // C adapters: each imported by exactly one Swift target.
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),

        // Layers, arrows pointing down only.
        .target(name: "Core"),
        .target(name: "Net", dependencies: ["Core", "CCurl"]),
        .target(name: "Store", dependencies: ["Core", "CSQLite"]),
        .target(name: "Providers", dependencies: ["Core", "Net"]),
        .target(name: "Comfy", dependencies: ["Core", "Net"]),
        .target(name: "Engine", dependencies: ["Core", "Providers", "Store", "Comfy"]),
        .target(name: "UI", dependencies: ["Core", "Engine"]),
        .target(name: "TerminalIO", dependencies: ["Core", "UI", "CNcurses"]),
        .target(name: "AtelierCLI", dependencies: ["Core", "Net", "Store", "Providers", "Comfy", "Engine", "UI", "TerminalIO"]),
        .executableTarget(name: "atelier", dependencies: ["AtelierCLI"], exclude: ["link-order.txt"],
                          linkerSettings: atelierReleaseLinking),

        // The benchmark: release build, fake servers on loopback, a table or --json.
        .executableTarget(name: "atelier-bench",
                          dependencies: ["Core", "Net", "Store", "Providers", "Engine", "UI", "TerminalIO", "AtelierCLI", "TestSupport"]),

        // Loopback fake servers and fixtures: tests and the benchmark only.
        .target(name: "TestSupport", dependencies: ["Core"]),

        .testTarget(name: "CoreTests", dependencies: ["Core", "TestSupport"]),
        .testTarget(name: "NetTests", dependencies: ["Net", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Core", "TestSupport"]),
        .testTarget(name: "ProvidersTests", dependencies: ["Providers", "Net", "Core", "TestSupport"]),
        .testTarget(name: "ComfyTests", dependencies: ["Comfy", "Net", "Core", "TestSupport"]),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Providers", "Store", "Comfy", "Core", "TestSupport"]),
        .testTarget(name: "UITests", dependencies: ["UI", "Engine", "Core", "TestSupport"]),
        .testTarget(name: "TerminalIOTests", dependencies: ["TerminalIO", "UI", "Core", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["AtelierCLI", "atelier", "Store", "Providers", "Core", "TestSupport"]),
    ]
)

