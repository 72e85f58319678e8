#!/usr/bin/env bash
# Runs every micro-benchmark three times and prints the median of each
# (the machines are shared and noisy: one run is not a figure).
set -euo pipefail
build="${1:-build}"
for bench in "$build"/bench/*_benchmark "$build"/src/*/*_benchmark; do
  [[ -x "$bench" ]] || continue
  echo "== $(basename "$bench")"
  "$bench" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
    --benchmark_display_aggregates_only=true 2>/dev/null | grep -E '_median|^Benchmark|^-' || true
done
