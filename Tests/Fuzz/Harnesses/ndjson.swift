// libFuzzer entry of the `ndjson` harness: `NDJSONFuzzCheck.run` holds the invariants (shared with the
// replay tests); see Tests/Fuzz/build.sh for the sources compiled with it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzVerdict(NDJSONFuzzCheck.run(fuzzBytes(data, size)))
}
