#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time
# over its seed corpus. A finding (a crash, a leak, undefined behaviour, a timeout or an
# out-of-memory) fails the script; libFuzzer leaves the input as crash-*/timeout-*/oom-*
# in $FUZZ_DIR/artifacts.
# Environment: FUZZ_BUILD_DIR (default build-fuzz), FUZZ_SECONDS per target (default
# 60), FUZZ_TARGETS (default: all), FUZZ_DIR for corpora and artifacts (default
# $FUZZ_BUILD_DIR/fuzz-work), FUZZ_SEED (default 1: the same run on the same machine;
# give another to explore elsewhere), JOBS.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD="${FUZZ_BUILD_DIR:-build-fuzz}"
SECONDS_EACH="${FUZZ_SECONDS:-60}"
SEED="${FUZZ_SEED:-1}"
TARGETS="${FUZZ_TARGETS:-fuzz_scenario fuzz_expr fuzz_json fuzz_csv fuzz_recording fuzz_checkpoint}"
WORK="${FUZZ_DIR:-$BUILD/fuzz-work}"
JOBS="${JOBS:-$(nproc)}"

echo "== configuring the fuzz build ($BUILD)"
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTIDELINE_FUZZ=ON \
  -DTIDELINE_BUILD_GUI=OFF -DTIDELINE_BUILD_TESTS=OFF > /dev/null
# shellcheck disable=SC2086
cmake --build "$BUILD" -j "$JOBS" --target $TARGETS

mkdir -p "$WORK/artifacts"
# Seed corpora: the scenarios and their expressions, recordings, CSV and JSON samples.
seed() {
  local target="$1" dir="$WORK/corpus/$1"
  mkdir -p "$dir"
  [ -n "$(ls -A "$dir" 2>/dev/null)" ] && return
  # Inputs that fuzzing found once (fuzz/regressions/<target>/) seed every later run.
  [ -d "fuzz/regressions/$target" ] && cp -t "$dir" fuzz/regressions/"$target"/*
  case "$target" in
    fuzz_scenario) find scenarios tests/spark -name '*.yaml' -exec cp -t "$dir" {} + ;;
    fuzz_expr)
      # Through a file: `head` closing a pipe early would fail the pipeline (pipefail).
      grep -rhoE '"[^"]{3,200}"' scenarios tests/spark --include=*.yaml | tr -d '"' | sort -u > "$WORK/exprs.txt"
      head -2000 "$WORK/exprs.txt" | split -l 1 - "$dir/expr-" ;;
    fuzz_recording) find scenarios tests datasets -name '*.jsonl' -size -16k -exec cp -t "$dir" {} + 2>/dev/null || true
      head -c 4000 scenarios/dstream/data/orders_sample.jsonl > "$dir/orders-head.jsonl"
      printf '{"tideline-recording": 1, "inputs": {"in": {"type": "socket"}}}\n{"t": 5, "input": "in", "data": "a b"}\n' > "$dir/min.jsonl" ;;
    fuzz_json)
      printf '{"a": [1, 2.5e3, "x\\u00e9", null, true], "b": {"ts": 17}}' > "$dir/obj.json"
      printf '{"struct":["a","b"],"v":[1,{"tuple":[2,"c"]}]}' > "$dir/typed.json" ;;
    fuzz_csv)
      printf 'name STRING, n INT, t TIMESTAMP, d DOUBLE\nalice,3,2024-01-01 12:00:00,1.5\n"b,""q""",-7,2024-02-29T01:02:03Z,NaN\n' > "$dir/typed.csv"
      find datasets -name '*.csv' -size -64k -exec cp -t "$dir" {} + 2>/dev/null || true ;;
    fuzz_checkpoint)
      printf 'v1\n{"batchWatermarkMs":0,"batchTimestampMs":1000,"conf":{}}\n{"in":3}\n' > "$dir/offsets"
      printf 'v1\n{"nextBatchWatermarkMs":0}\n' > "$dir/commits" ;;
  esac
}

failed=0
for t in $TARGETS; do
  seed "$t"
  echo "== $t for ${SECONDS_EACH}s"
  if ! ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      "$BUILD/bin/$t" "$WORK/corpus/$t" -max_total_time="$SECONDS_EACH" -seed="$SEED" -timeout=10 -rss_limit_mb=2048 \
      -max_len=32768 -artifact_prefix="$WORK/artifacts/$t-" -print_final_stats=1 2> "$WORK/$t.log"; then
    echo "FINDING in $t (see $WORK/$t.log and $WORK/artifacts)"
    tail -40 "$WORK/$t.log"
    failed=1
  else
    grep -E "stat::number_of_executed_units|Done [0-9]+ runs" "$WORK/$t.log" | tail -2
  fi
done
exit "$failed"
