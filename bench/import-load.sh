#!/usr/bin/env bash
# Times `./parley import` of N generated objects into a fresh data folder, RUNS times, and prints
# each rate and the median: the import as a user runs it, launcher and JVM options included.
#   bench/import-load.sh [objects] [runs] [work-folder]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
objects=${1:-1000000}
runs=${2:-3}
work=${3:-/tmp/parley-import-load}
mkdir -p "$work"
corpus="$work/corpus-$objects.jsonl"
if [[ ! -f "$corpus" ]]; then
  java -cp "$root/bench/target/benchmarks.jar" dev.parley.bench.stix.GenerateCorpus "$objects" > "$corpus"
fi
rates=()
for run in $(seq 1 "$runs"); do
  data="$work/data-$run"
  rm -rf "$data"
  # only serve makes a node: one is started on the fresh folder and stopped once it serves
  "$root/parley" serve --data "$data" --port 0 > "$work/serve.log" 2>&1 &
  serve=$!
  until grep -q "TAXII discovery" "$work/serve.log"; do
    kill -0 "$serve" 2> /dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.2
  done
  kill "$serve"
  wait "$serve" || true # SIGTERM: exit 143
  "$root/parley" collection create --title load --alias load --data "$data" > /dev/null
  start=$(date +%s.%N)
  "$root/parley" import "$corpus" --collection load --data "$data" --quiet
  end=$(date +%s.%N)
  rate=$(echo "$objects / ($end - $start)" | bc)
  echo "run $run: $objects objects in $(echo "$end - $start" | bc) s = $rate objects/s (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  rates+=("$rate")
  rm -rf "$data"
done
printf '%s\n' "${rates[@]}" | sort -n | awk '{a[NR]=$1} END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; print "median: " m " objects/s over " NR " runs"}'
