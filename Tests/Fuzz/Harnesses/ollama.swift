// libFuzzer entry of the `ollama` harness: `DecoderFuzzCheck.ollama` holds the invariants (shared with the
// replay tests); see Tests/Fuzz/build.sh for the sources compiled with it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    fuzzVerdict(DecoderFuzzCheck.ollama(fuzzBytes(data, size)))
}
