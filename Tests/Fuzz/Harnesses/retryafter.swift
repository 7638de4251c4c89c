// libFuzzer entry of the `retryafter` harness: `RetryAfterFuzzCheck.run` holds the invariants (shared with the
// replay tests); see Tests/Fuzz/build.sh for the sources compiled with it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzVerdict(RetryAfterFuzzCheck.run(fuzzBytes(data, size)))
}
