#!/usr/bin/env bash
# Runs `threadline link --evaluate` over every shared labelled data set and
# prints one line per run:
#   linkage DATASET records=N candidates=N blocking_recall=X precision=X recall=X f1=X
#           seconds=X pairs_per_sec_per_core=X peak_mb=X
# One general configuration for all runs: only column mappings and the
# truth rule differ (FEBRL's truth is the number in rec_id; soc_sec_id is
# never used). synth_1m is a 1,000,000-record `threadline synth` population
# (generated into $SYNTH_DIR, default a temp dir, when absent; truth joined
# from persons_truth.csv). Skip it with SKIP_SYNTH_1M=1.
# Usage: scripts/bench-linkage.sh [path/to/threadline]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$here/build/threadline}"
data="$here/../shared/data/linkage"
if [[ ! -x "$bin" ]]; then
  echo "bench-linkage: $bin not found; build the threadline target first" >&2
  exit 1
fi

splink_map=(--map first_name=given_name --map surname=family_name --map dob=dob
            --map city=city --map email=email --id-column unique_id)
febrl_map=(--skip-initial-space --id-column rec_id --truth-column rec_id
           --truth-regex 'rec-([0-9]+)' --map given_name=given_name --map surname=family_name
           --map street_number=street_number --map address_1=address --map address_2=address2
           --map suburb=suburb --map postcode=postcode --map state=state
           --map date_of_birth=dob)

synth_map=(--id-column id --map given_name=given_name --map family_name=family_name
           --map dob=dob --map gender=gender --map address=address --map postcode=postcode
           --map phones=phone --map emails=email --map handles=handle --map vehicles=vehicle
           --truth-column entity_id)

run() { "$bin" link --evaluate "$@"; }

if [[ ! -d "$data" ]]; then
  echo "bench-linkage: $data not found; skipping the shared data sets" >&2
  data=/nonexistent
fi

[[ -f "$data/splink/fake_1000.csv" ]] &&
  run --name fake_1000 --input "$data/splink/fake_1000.csv" --truth-column cluster "${splink_map[@]}"
[[ -f "$data/splink/fake_20000.csv" ]] &&
  run --name fake_20000 --input "$data/splink/fake_20000.csv" --truth-column group "${splink_map[@]}"
for i in 1 2 3; do
  f="$data/febrl/dataset$i.csv"
  [[ -f "$f" ]] && run --name "febrl$i" --input "$f" "${febrl_map[@]}"
done
if [[ -f "$data/febrl/dataset4a.csv" && -f "$data/febrl/dataset4b.csv" ]]; then
  run --name febrl4 --input "$data/febrl/dataset4a.csv" --input-b "$data/febrl/dataset4b.csv" \
    "${febrl_map[@]}"
fi

if [[ "${SKIP_SYNTH_1M:-0}" != 1 ]]; then
  synth="${SYNTH_DIR:-${TMPDIR:-/tmp}/threadline-synth-1m-seed1}"
  if [[ ! -f "$synth/persons.csv" || ! -f "$synth/persons_truth.csv" ]]; then
    "$bin" synth --seed 1 --persons 1000000 --out "$synth" >/dev/null
  fi
  run --name synth_1m --input "$synth/persons.csv" --truth-file "$synth/persons_truth.csv" \
    "${synth_map[@]}"
fi
