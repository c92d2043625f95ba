#!/usr/bin/env bash
# Builds the GGUF reader with libFuzzer + AddressSanitizer and runs it.
# Usage: Fuzz/gguf/run.sh [seconds]   (default 600). Seeds: a few valid files from Fuzz/gguf/make_seeds.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${FUZZ_OUT:-/tmp/consilium-fuzz-gguf}"
mkdir -p "$out/corpus"
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name Inference \
    "$root"/Sources/Inference/GGUF/*.swift "$root/Sources/Inference/Tensors/GGMLType.swift" "$here/FuzzEntry.swift" \
    -o "$out/gguf-fuzzer"
python3 "$here/make_seeds.py" "$out/corpus"
"$out/gguf-fuzzer" "$out/corpus" -max_total_time="${1:-600}" -max_len=4096 -print_final_stats=1
