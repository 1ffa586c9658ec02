#!/usr/bin/env bash
# Regenerates the full trace of every bundled lesson (scenarios/**/*.yaml) and compares it
# byte for byte with a saved set, so a refactoring can show that behaviour did not change.
#   scripts/compare-traces.sh save DIR         writes DIR/<dir>__<name>.txt (+ .err, .rc)
#   scripts/compare-traces.sh compare DIR      regenerates into a scratch folder, diffs with DIR
# Environment: BUILD_DIR (default build).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR="${BUILD_DIR:-build}"
export LANG="${TRACE_LANG:-C.UTF-8}"  # lesson texts in one language, whatever the caller's locale
mode="${1:-}"; dir="${2:-}"
case "$mode" in save|compare) ;; *) echo "usage: scripts/compare-traces.sh save|compare DIR" >&2; exit 2;; esac
[ -n "$dir" ] || { echo "usage: scripts/compare-traces.sh save|compare DIR" >&2; exit 2; }

generate() {  # out_dir
  mkdir -p "$1"
  find scenarios -name '*.yaml' | sort | while read -r f; do
    name="$(echo "${f#scenarios/}" | sed 's|/|__|g; s|\.yaml$||')"
    rc=0
    "$BUILD_DIR/bin/tideline" run --json --trace --no-wall "$f" > "$1/$name.txt" 2> "$1/$name.err" || rc=$?
    echo "$rc" > "$1/$name.rc"
  done
}

if [ "$mode" = save ]; then
  generate "$dir"
  echo "saved $(ls "$dir"/*.txt | wc -l) traces in $dir"
  exit 0
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
generate "$scratch"
if diff -r "$dir" "$scratch" > "$scratch.diff"; then
  echo "identical: $(ls "$scratch"/*.txt | wc -l) traces (stdout, stderr, exit code)"
  rm -f "$scratch.diff"
else
  head -40 "$scratch.diff"; rm -f "$scratch.diff"
  echo "traces differ" >&2
  exit 1
fi
