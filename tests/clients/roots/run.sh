#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The ethereumjs_roots ctest: generate vectors with @ethereumjs for each seed, then check them
# with blend-check-roots. A missing node or tests/node_modules is a FAILURE, not a skip: the
# cross-check is the evidence that Blend's roots and hashes are Ethereum's.
# usage: run.sh CHECKER TESTS_DIR WORK_DIR SEED...
set -eu
if [ "$#" -lt 4 ]; then
    echo "usage: run.sh CHECKER TESTS_DIR WORK_DIR SEED..." >&2
    exit 2
fi
checker=$1
tests_dir=$2
work_dir=$3
shift 3

if ! command -v node >/dev/null 2>&1; then
    echo "FAIL: node is not on PATH. Install Node.js >= 18; this test runs @ethereumjs." >&2
    exit 1
fi
for pkg in block common rlp trie util; do
    if [ ! -f "$tests_dir/node_modules/@ethereumjs/$pkg/package.json" ]; then
        echo "FAIL: $tests_dir/node_modules/@ethereumjs/$pkg is missing." \
             "Run 'npm ci' in $tests_dir (versions are pinned in tests/package.json)." >&2
        exit 1
    fi
done

mkdir -p "$work_dir"
status=0
for seed in "$@"; do
    out="$work_dir/roots-seed$seed.txt"
    rm -f "$out"
    (cd "$tests_dir" && node clients/roots/generate.mjs --seed "$seed" --out "$out")
    echo "seed $seed:"
    "$checker" "$out" || status=1
done
exit $status
