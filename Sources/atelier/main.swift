import AtelierCLI
import Foundation

// Before anything else: no core dumps (they would hold the API keys).
ProcessHardening.apply()
let code = await CommandLineRunner.run(Array(CommandLine.arguments.dropFirst()))
exit(code)
