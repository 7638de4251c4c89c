import Foundation

/// Entry point of the `atelier` command: parses the verb and runs it, returning the exit code.
/// Called once, from `main`.
public enum CommandLineRunner {
    public static func run(_ arguments: [String]) async -> Int32 {
        if arguments.first == "--version" || arguments.first == "version" {
            print("atelier \(AtelierVersion.string)")
            return 0
        }
        FileHandle.standardError.write(Data("atelier: no such verb yet; see --help\n".utf8))
        return 2
    }
}
