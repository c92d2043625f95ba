#!/usr/bin/env bash
# Provenance overhead: a flow of 1,000 model calls served from the cache (Tests/FlowRunnerTests/
# ProvenanceBenchmark.swift), release build, real SQLite file in the temp directory. Reports calls/s
# and the share of run time spent inside provenance store calls, and writes
# Benchmarks/results/provenance-YYYY-MM-DD.md with the commit, machine and command.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PATH:/opt/swift/usr/bin"
out="$(mktemp)"
swift build -c release -Xswiftc -enable-testing --build-tests
CONSILIUM_BENCHMARK_OUT="$out" swift test -c release -Xswiftc -enable-testing --skip-build \
    --filter FlowRunnerTests.ProvenanceBenchmark/testThousandCachedCalls

field() { grep -A6 "\"$1\": {" "$out" | grep "\"$2\"" | head -1 | sed 's/.*: *//; s/,$//'; }
fmt() { awk -v v="$1" -v f="$2" 'BEGIN { printf f, v }'; }
pct() { awk -v v="$1" 'BEGIN { printf "%.1f%%", v * 100 }'; }
cps=$(fmt "$(field cached calls_per_second)" "%.0f"); share=$(pct "$(field cached store_share)")
secs=$(fmt "$(field cached seconds)" "%.3f"); store=$(fmt "$(field cached store_seconds)" "%.3f")
fcps=$(fmt "$(field filling calls_per_second)" "%.0f"); fshare=$(pct "$(field filling store_share)")
fsecs=$(fmt "$(field filling seconds)" "%.3f"); fstore=$(fmt "$(field filling store_seconds)" "%.3f")
mkdir -p Benchmarks/results
result="Benchmarks/results/provenance-$(date -u +%Y-%m-%d).md"
cat > "$result" <<REPORT
# Provenance overhead: 1,000 cached calls

- commit: $(git rev-parse HEAD)$(git diff --quiet HEAD -- Sources Tests || echo " (with uncommitted changes)")
- machine: $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores, $(uname -sr); shared with other jobs
- command: \`Benchmarks/provenance/run.sh\` (release build; test FlowRunnerTests.ProvenanceBenchmark)
- flow: Tests/FlowRunnerTests/Fixtures/prompts/flows/genes.json on 1,000 genes: a map of 1,000 model
  calls (4 at a time), rank_by, top_k and three scores; SQLite file in WAL mode, synchronous NORMAL (the store's default: commits survive a killed process).

| run | calls/s | run time (s) | in store calls (s) | share in store |
|---|---|---|---|---|
| cached (measured; median of 3 runs): every call a cache hit | $cps | $secs | $store | $share |
| filling (context): every call over loopback HTTP | $fcps | $fsecs | $fstore | $fshare |

"In store calls" is the time inside ProvenanceStore methods (SQLite, JSON encoding and hashing
around it, secret redaction), measured by the engine's TimedStore, exclusive of lock waits. Per
cached call the engine makes a cache lookup and records a cache-hit row (one committed
transaction each); the remainder of the run time is template rendering, identity hashing,
validation and the transforms.

Raw measurements:

\`\`\`json
$(cat "$out")
\`\`\`
REPORT
echo "wrote $result"
cat "$result"
