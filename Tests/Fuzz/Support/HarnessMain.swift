#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TestSupport

// Shared by every libFuzzer harness (compiled into each by build.sh, never by SwiftPM).

/// The fuzzer's input as an array (libFuzzer may pass a null pointer for an empty input).
func fuzzBytes(_ data: UnsafePointer<UInt8>?, _ size: Int) -> [UInt8] {
    guard let data, size > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: data, count: size))
}

/// Returns 0 when every invariant held; otherwise prints the failures to standard error and
/// aborts, so libFuzzer saves the input as a crash.
func fuzzVerdict(_ failures: FuzzFailures) -> CInt {
    guard !failures.isEmpty else { return 0 }
    for message in failures.messages.prefix(8) {
        let shown = message.count > 2_000 ? String(message.prefix(2_000)) + "…" : message
        let line = Array("INVARIANT FAILED: \(shown)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
    abort()
}
