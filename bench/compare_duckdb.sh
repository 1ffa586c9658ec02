#!/usr/bin/env bash
# Paired run of tideline-bench-orders against the DuckDB peer on the same orders file:
# the two commands alternate ROUNDS times and the wall-time ratio of each pair is printed.
#   bench/compare_duckdb.sh ORDERS_FILE [ROUNDS]
# Needs node and the npm package @duckdb/node-api installed in $DUCKDB_NODE_DIR
# (see ../shared/bench/peers/README.md), and a build in build/.
set -euo pipefail
cd "$(dirname "$0")/.."
file="$1"
rounds="${2:-3}"
peer="${PEER_DIR:-../shared/bench/peers}/orders_duckdb.cjs"
now() { date +%s.%N; }
for i in $(seq 1 "$rounds"); do
  t0=$(now); a=$(build/bin/tideline-bench-orders -q "$file"); t1=$(now)
  b=$(node "$peer" "$file" --threads 2); t2=$(now)
  ta=$(echo "$t1 - $t0" | bc); tb=$(echo "$t2 - $t1" | bc)
  same=no; [ "${a##*sha256=}" = "${b##*sha256=}" ] && same=yes
  printf 'round %d: tideline %.2f s, duckdb %.2f s, ratio %.2f, same checksum: %s\n' \
    "$i" "$ta" "$tb" "$(echo "$ta / $tb" | bc -l)" "$same"
done
