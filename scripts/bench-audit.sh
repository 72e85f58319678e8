#!/usr/bin/env bash
# Times `threadline audit verify` over a large audit log and prints one line:
#   audit-verify entries=N runs=3 median_seconds=X rows_per_sec=X fill_seconds=X db_mb=X
# The log (default 10,000,000 entries) is written by `threadline audit fill`
# into a fresh temp folder, removed afterwards. The verify runs read a
# database whose pages the fill has just left in the page cache; each run
# is timed separately and the median reported.
# Usage: scripts/bench-audit.sh [path/to/threadline]
# Environment: ENTRIES (default 10000000), RUNS (default 3), KEEP_DB=1 to keep the folder.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/threadline}"
entries="${ENTRIES:-10000000}"
runs="${RUNS:-3}"
if [[ ! -x "$bin" ]]; then
  echo "bench-audit: $bin not found; build the threadline target first" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/threadline-bench-audit.XXXXXX")"
if [[ "${KEEP_DB:-0}" != 1 ]]; then
  trap 'rm -rf "$work"' EXIT
else
  echo "bench-audit: keeping $work" >&2
fi
db="$work/audit.db"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

start="$(now)"
"$bin" audit fill --db "$db" --entries "$entries" >/dev/null
fill_seconds="$(elapsed "$start")"

times=()
for ((i = 0; i < runs; i++)); do
  start="$(now)"
  out="$("$bin" audit verify --db "$db")"
  times+=("$(elapsed "$start")")
  if [[ "$out" != "audit chain intact: $entries entries"* ]]; then
    echo "bench-audit: unexpected verify output: $out" >&2
    exit 1
  fi
done

median="$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
db_mb="$(du -m "$db" | cut -f1)"
printf 'audit-verify entries=%s runs=%s median_seconds=%.2f rows_per_sec=%.0f fill_seconds=%.1f db_mb=%s\n' \
  "$entries" "$runs" "$median" "$(awk -v n="$entries" -v t="$median" 'BEGIN { print n / t }')" "$fill_seconds" "$db_mb"
echo "  runs: ${times[*]}" >&2
