#!/usr/bin/env bash
# The gene flow's wall and CPU time on the modules of a BloodGen3 aggregate (default A37) with and
# without --prefix-reuse, interleaved module by module so load from other work on the machine hits
# both configurations alike: module 1 off then on, module 2 on then off, and so on. Each
# configuration writes its own provenance database; every run asks the model (--no-cache).
#
# Usage (from the repository root, after `swift build -c release --product consilium`):
#   Benchmarks/genes/prefix_reuse_bench.sh OUT_DIR [BINARY] [AGGREGATE]
# Environment: THREADS (2), REPLICATES (3), NICE (5), MODULES (space-separated ids instead of the
# aggregate's), EXTRA (more options for `genes prioritize`, e.g. "--model PATH"), GENERATION_LOGS=1
# (each run's CONSILIUM_GENERATION_LOG into OUT_DIR/generation/MODULE-CONFIG.jsonl: token counts and
# timings per call; see Sources/Providers/GenerationLog.swift).
# Writes OUT_DIR/runs.tsv (one line per module and configuration), OUT_DIR/{off,on}.sqlite,
# OUT_DIR/reports/, OUT_DIR/logs/ and OUT_DIR/load.tsv (load average once a minute).
set -euo pipefail

out=${1:?usage: prefix_reuse_bench.sh OUT_DIR [BINARY] [AGGREGATE]}
binary=${2:-.build/release/consilium}
aggregate=${3:-A37}
threads=${THREADS:-2}
replicates=${REPLICATES:-3}
niceness=${NICE:-5}
repertoire=Benchmarks/genes/data/bloodgen3/Module_listGen3.A37.csv

[ -x "$binary" ] || { echo "$binary: not an executable (build the release product first)" >&2; exit 2; }
[ -f "$repertoire" ] || { echo "$repertoire: not found (run from the repository root)" >&2; exit 2; }
if [ -e "$out/runs.tsv" ]; then echo "$out/runs.tsv exists: give a fresh OUT_DIR" >&2; exit 2; fi
mkdir -p "$out/logs" "$out/reports" "$out/generation"

# The aggregate's modules in the repertoire's order (column 6 is the aggregate, column 1 the module).
if [ -n "${MODULES:-}" ]; then
    read -r -a modules <<< "$MODULES"
else
    mapfile -t modules < <(awk -F, -v a="$aggregate" 'NR > 1 && $6 == a && !seen[$1]++ { print $1 }' "$repertoire")
fi
[ "${#modules[@]}" -gt 0 ] || { echo "no modules for aggregate $aggregate in $repertoire" >&2; exit 2; }

# Load average once a minute, for the report.
( while true; do printf '%s\t%s\n' "$(date -u +%H:%M:%S)" "$(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/load.tsv"; sleep 60; done ) &
sampler=$!
trap 'kill "$sampler" 2>/dev/null || true' EXIT

printf 'order\tmodule\tconfig\trun_id\tgenes\tcalls\tasked\tcache_hits\tfailed\twall_s\tuser_s\tsys_s\tmax_rss_kb\tstarted_utc\n' > "$out/runs.tsv"

run_one() { # module config order
    local module=$1 config=$2 order=$3 flag=() log="$out/logs/$1-$2"
    [ "$config" = on ] && flag=(--prefix-reuse)
    local started; started=$(date -u +%H:%M:%S)
    if [ "${GENERATION_LOGS:-0}" = 1 ]; then export CONSILIUM_GENERATION_LOG="$out/generation/$module-$config.jsonl"; fi
    # shellcheck disable=SC2086 # EXTRA is a list of options
    if ! nice -n "$niceness" /usr/bin/time -v -o "$log.time" "$binary" genes prioritize --module "$module" \
            --replicates "$replicates" --threads "$threads" --no-cache --db "$out/$config.sqlite" \
            --out "$out/reports/$module-$config" "${flag[@]}" ${EXTRA:-} > "$log.out" 2> "$log.err"; then
        echo "$module $config failed: see $log.err" >&2
    fi
    local summary; summary=$(grep -m1 '^run ' "$log.out" || true)
    # "run ID: G genes in M module(s); C calls (A asked, H from the cache), F failed items, S s"
    local run_id genes calls asked hits failed
    run_id=$(sed -E 's/^run ([^:]+):.*/\1/' <<< "$summary")
    genes=$(sed -E 's/.*: ([0-9]+) genes.*/\1/' <<< "$summary")
    calls=$(sed -E 's/.*; ([0-9]+) calls.*/\1/' <<< "$summary")
    asked=$(sed -E 's/.*\(([0-9]+) asked.*/\1/' <<< "$summary")
    hits=$(sed -E 's/.*, ([0-9]+) from the cache.*/\1/' <<< "$summary")
    failed=$(sed -E 's/.*, ([0-9]+) failed items.*/\1/' <<< "$summary")
    local wall user sys rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log.time")
    user=$(awk -F': ' '/User time/ { print $2 }' "$log.time")
    sys=$(awk -F': ' '/System time/ { print $2 }' "$log.time")
    rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$log.time")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$order" "$module" "$config" "$run_id" "$genes" "$calls" \
        "$asked" "$hits" "$failed" "$wall" "$user" "$sys" "$rss" "$started" >> "$out/runs.tsv"
    echo "$started $module $config: wall ${wall}s cpu $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')s calls $calls" >&2
}

order=0
for i in "${!modules[@]}"; do
    module=${modules[$i]}
    if (( i % 2 == 0 )); then first=off second=on; else first=on second=off; fi
    order=$((order + 1)); run_one "$module" "$first" "$order"
    order=$((order + 1)); run_one "$module" "$second" "$order"
done
echo "done: $out/runs.tsv" >&2
