#!/usr/bin/env bash
# Paired run of tideline-bench-orders against the DuckDB peer on the same orders file:
# the two commands alternate ROUNDS times and the wall-time ratio of each pair is printed,
# with each side's peak resident memory when GNU time (/usr/bin/time) is there.
#   bench/compare_duckdb.sh ORDERS_FILE [ROUNDS]
# Needs node and the npm package @duckdb/node-api installed in $DUCKDB_NODE_DIR
# (see ../shared/bench/peers/README.md), and a build in $BUILD_DIR (default: build).
# Both sides use THREADS threads (default 2).
set -euo pipefail
cd "$(dirname "$0")/.."
file="$1"
rounds="${2:-3}"
build="${BUILD_DIR:-build}"
threads="${THREADS:-2}"
peer="${PEER_DIR:-../shared/bench/peers}/orders_duckdb.cjs"
now() { date +%s.%N; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
timed=()
[ -x /usr/bin/time ] && timed=(/usr/bin/time -f %M -o)
peak() { if [ ${#timed[@]} -gt 0 ]; then tail -n1 "$1"; else echo "?"; fi; }
for i in $(seq 1 "$rounds"); do
  t0=$(now)
  ${timed[@]:+"${timed[@]}" "$tmp/ma"} "$build/bin/tideline-bench-orders" -q --threads "$threads" "$file" >"$tmp/a"
  t1=$(now)
  ${timed[@]:+"${timed[@]}" "$tmp/mb"} node "$peer" "$file" --threads "$threads" >"$tmp/b"
  t2=$(now)
  a=$(cat "$tmp/a"); b=$(cat "$tmp/b")
  ta=$(echo "$t1 - $t0" | bc); tb=$(echo "$t2 - $t1" | bc)
  same=no; [ "${a##*sha256=}" = "${b##*sha256=}" ] && same=yes
  printf 'round %d: tideline %.2f s (%s KB), duckdb %.2f s (%s KB), ratio %.2f, same checksum: %s\n' \
    "$i" "$ta" "$(peak "$tmp/ma")" "$tb" "$(peak "$tmp/mb")" "$(echo "$ta / $tb" | bc -l)" "$same"
done
