#!/usr/bin/env bash
# Builds the libFuzzer harnesses of Tests/Fuzz with swiftc -sanitize=fuzzer,address.
#
#   Tests/Fuzz/build.sh            build every harness
#   Tests/Fuzz/build.sh sse config build the named ones
#   Tests/Fuzz/build.sh --list     print the harness names
#
# `swift build` cannot link a fuzzer, so each harness is one swiftc invocation that compiles,
# into a single module, the Sources files the code under test needs (Foundation only: no
# Net/Store/C modules), the shared invariant checks from the test targets
# (Tests/*/FuzzReplay*Checks.swift, also compiled by `swift test`), FuzzInput from
# TestSupport, and the harness's `LLVMFuzzerTestOneInput`. Those files say `import Core`,
# `@testable import Providers` and so on; here everything is one module, so empty stand-in
# modules of those names are built first (stubs/) and the imports resolve to nothing.
#
# The libFuzzer and ASan runtimes come with the Swift toolchain
# (<toolchain>/usr/lib/swift/clang/lib/linux/libclang_rt.fuzzer-x86_64.a). Outputs go to
# .build/fuzz/ (ignored by git). Set FUZZ_OPT=-Onone for a debuggable build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/.build/fuzz"
SWIFTC="${SWIFTC:-swiftc}"
OPT="${FUZZ_OPT:--O}"
export TMPDIR="${TMPDIR:-$ROOT/.tmp}"
mkdir -p "$TMPDIR" "$OUT/bin" "$OUT/stubs" "$OUT/log"

cd "$ROOT"

# Source sets (globs relative to the package root).
CORE="Sources/Core/*.swift Sources/Core/*/*.swift"
SANITIZER="Sources/Core/Sanitizer/*.swift"
FRAMING="Sources/Providers/Framing/*.swift"
DECODING="Sources/Providers/Decoding/*.swift"
FRAMING_CHECKS="Tests/ProvidersTests/FuzzReplayFramingChecks.swift"
DECODER_CHECKS="Tests/ProvidersTests/FuzzReplayDecoderChecks.swift"
RETRY="Sources/Net/HTTPHeader.swift Sources/Providers/Retry/RetryPolicy.swift Sources/Providers/Retry/HTTPDate.swift"
COMFY_BASE="Sources/Comfy/JSON/JSONValue.swift Sources/Comfy/Client/TextSanitizer.swift"
OUTPUT_NAME="Sources/Comfy/Outputs/OutputNameCheck.swift Sources/Comfy/Client/OutputFile.swift Sources/Comfy/Client/ComfyError.swift Sources/Comfy/Client/NodeErrorMessage.swift"
WORKFLOWS="Sources/Comfy/Workflows/*.swift"
CONFIG="Sources/AtelierCLI/Config/*.swift"
CONFIG_CHECKS="Tests/CLITests/FuzzReplayConfigChecks.swift"

# harness name -> its sources besides the common ones.
declare -A SOURCES=(
  [sse]="$CORE $FRAMING $FRAMING_CHECKS"
  [ndjson]="$CORE $FRAMING $FRAMING_CHECKS"
  [ollama]="$CORE $FRAMING $DECODING $FRAMING_CHECKS $DECODER_CHECKS"
  [openai]="$CORE $FRAMING $DECODING $FRAMING_CHECKS $DECODER_CHECKS"
  [anthropic]="$CORE $FRAMING $DECODING $FRAMING_CHECKS $DECODER_CHECKS"
  [sanitizer]="$SANITIZER Tests/CoreTests/FuzzReplaySanitizerChecks.swift"
  [width]="$SANITIZER Tests/CoreTests/FuzzReplaySanitizerChecks.swift"
  [outputname]="$SANITIZER $COMFY_BASE $OUTPUT_NAME Tests/ComfyTests/FuzzReplayOutputNameChecks.swift"
  [retryafter]="$RETRY Tests/ProvidersTests/FuzzReplayRetryChecks.swift"
  [workflow]="$COMFY_BASE $WORKFLOWS Tests/ComfyTests/FuzzReplayWorkflowChecks.swift"
  [config]="$CORE $CONFIG $CONFIG_CHECKS"
)
ORDER="sse ndjson ollama openai anthropic sanitizer width outputname retryafter workflow config"
COMMON="Sources/TestSupport/Fuzz/FuzzInput.swift Tests/Fuzz/Support/HarnessMain.swift"
STUBS="Core Net Providers Comfy AtelierCLI TestSupport"

if [ "${1:-}" = "--list" ]; then echo $ORDER; exit 0; fi
NAMES="${*:-$ORDER}"

for name in $NAMES; do
  [ -n "${SOURCES[$name]:-}" ] || { echo "unknown harness: $name (known: $ORDER)" >&2; exit 2; }
done

# Empty modules standing in for the package's targets.
echo "" > "$OUT/stubs/empty.swift"
for module in $STUBS; do
  if [ ! -f "$OUT/stubs/$module.swiftmodule" ]; then
    "$SWIFTC" -emit-module -enable-testing -parse-as-library -module-name "$module" \
      -emit-module-path "$OUT/stubs/$module.swiftmodule" "$OUT/stubs/empty.swift"
  fi
done

for name in $NAMES; do
  # shellcheck disable=SC2086 # the globs must expand
  files=$(ls ${SOURCES[$name]} $COMMON "Tests/Fuzz/Harnesses/$name.swift" | sort -u)
  # shellcheck disable=SC2086
  if [ -x "$OUT/bin/$name" ] && [ -z "$(find $files Tests/Fuzz/build.sh -newer "$OUT/bin/$name")" ]; then
    echo "$name is up to date"
    continue
  fi
  echo "building $name ($(echo "$files" | wc -l) files) -> .build/fuzz/bin/$name"
  # shellcheck disable=SC2086
  if ! "$SWIFTC" -sanitize=fuzzer,address -parse-as-library $OPT -g -swift-version 6 \
      -module-name "Fuzz_$name" -I "$OUT/stubs" \
      $files -o "$OUT/bin/$name" > "$OUT/log/build-$name.log" 2>&1; then
    grep -v "ld.gold: warning" "$OUT/log/build-$name.log" | head -40 >&2
    echo "building $name failed (full log: .build/fuzz/log/build-$name.log)" >&2
    exit 1
  fi
done
