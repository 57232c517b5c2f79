#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan+UBSan) and runs one of them.
# Usage: scripts/fuzz.sh <target> [seconds]   e.g. scripts/fuzz.sh rlp 600
# The corpus lives in build-fuzz/corpus/<target> (never committed).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: scripts/fuzz.sh <target> [seconds]}
seconds=${2:-600}
CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DBLEND_FUZZ=ON -DBLEND_BENCH=OFF \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
ninja -C build-fuzz "blend-fuzz-${target}"
mkdir -p "build-fuzz/corpus/${target}"
"build-fuzz/bin/blend-fuzz-${target}" -max_total_time="${seconds}" -print_final_stats=1 \
    "build-fuzz/corpus/${target}"
echo "fuzz: ${target} ran ${seconds} s, corpus $(ls "build-fuzz/corpus/${target}" | wc -l) files"
