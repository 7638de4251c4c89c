#!/usr/bin/env bash
# Runs the libFuzzer harnesses built by build.sh, one after another.
#
#   Tests/Fuzz/run.sh                 run every harness for $FUZZ_SECONDS (default 60) each
#   Tests/Fuzz/run.sh sse ollama      run the named ones
#   Tests/Fuzz/run.sh --merge [names] fold new inputs that add coverage into Tests/Fuzz/Corpus
#
# Each run reads the saved corpus (Tests/Fuzz/Corpus/<name>) and every saved crash
# (Tests/Fuzz/Crashes/<name>) and writes new inputs to .build/fuzz/corpus/<name>; a crash
# or failed invariant is written to .build/fuzz/crashes/<name>/. Logs: .build/fuzz/log/;
# one line per harness is appended to .build/fuzz/summary.txt. Exits 1 if any harness found
# a crash. To keep a crash: minimize it
#   .build/fuzz/bin/<name> -minimize_crash=1 -runs=20000 -exact_artifact_path=Tests/Fuzz/Crashes/<name>/<what> <crash file>
# fix the bug, and the replay tests (`swift test --filter FuzzReplay`) keep it fixed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="$ROOT/.build/fuzz"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
cd "$ROOT"

# The Swift runtime's crash backtracer would wait on a crashed fuzzer; libFuzzer and ASan
# report crashes themselves.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}"

MERGE=0
if [ "${1:-}" = "--merge" ]; then MERGE=1; shift; fi
NAMES="${*:-$(Tests/Fuzz/build.sh --list)}"

status=0
for name in $NAMES; do
  binary="$OUT/bin/$name"
  [ -x "$binary" ] || { echo "$name: not built (run Tests/Fuzz/build.sh $name)" >&2; status=1; continue; }
  mkdir -p "$OUT/corpus/$name" "$OUT/crashes/$name" "$OUT/log" "Tests/Fuzz/Crashes/$name"
  if [ "$MERGE" = 1 ]; then
    # The saved corpus becomes: the hand-made seeds (seed-*, always kept) plus a smallest set
    # of inputs (libFuzzer's set cover) that reaches every feature the saved corpus and the
    # runs' new inputs reach together. Merged inputs are named by their SHA-1.
    saved="Tests/Fuzz/Corpus/$name"
    before=$(ls "$saved" | wc -l)
    rm -rf "$OUT/merge/$name" && mkdir -p "$OUT/merge/$name"
    if ! "$binary" -set_cover_merge=1 "$OUT/merge/$name" "$saved" "$OUT/corpus/$name" > "$OUT/log/merge-$name.log" 2>&1; then
      echo "$name: merge failed (see .build/fuzz/log/merge-$name.log)" >&2; status=1; continue
    fi
    seeds=$(for seed in "$saved"/seed-*; do sha1sum "$seed" | cut -d' ' -f1; done)
    for old in "$saved"/*; do
      case "$(basename "$old")" in seed-*) ;; *) rm -f "$old" ;; esac
    done
    for kept in "$OUT/merge/$name"/*; do
      grep -qx "$(basename "$kept")" <<< "$seeds" || cp "$kept" "$saved/"
    done
    echo "$name: corpus $before -> $(ls "$saved" | wc -l) files"
    continue
  fi
  log="$OUT/log/run-$name.log"
  echo "fuzzing $name for ${SECONDS_EACH}s..."
  "$binary" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$OUT/crashes/$name/" \
    "$OUT/corpus/$name" "Tests/Fuzz/Corpus/$name" "Tests/Fuzz/Crashes/$name" > "$log" 2>&1
  code=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  corpus=$(grep -oE 'corp: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  cover=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
  crashes=$(ls "$OUT/crashes/$name" | wc -l)
  line="$(date -u +%FT%TZ) $name: ${SECONDS_EACH}s, ${execs:-?} execs (${per_second:-?}/s), corpus ${corpus:-?}, coverage ${cover:-?}, crash files ${crashes}, exit $code"
  echo "$line"
  echo "$line" >> "$OUT/summary.txt"
  if [ "$code" != 0 ]; then
    status=1
    grep -E "INVARIANT FAILED|ERROR: AddressSanitizer|Fatal error|SUMMARY|Test unit written" "$log" | head -12
  fi
done
exit $status
