#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# The genesis_clients ctest: cross-checks `blend genesis` against ethers v6 (dev accounts) and
# @ethereumjs/block (genesis header and hash). A missing node or tests/node_modules is a FAILURE,
# not a skip: these checks are the evidence that the keys and hashes are the ones wallets expect.
# usage: run_checks.sh BLEND TESTS_DIR WORK_DIR
set -eu
if [ "$#" -ne 3 ]; then
    echo "usage: run_checks.sh BLEND TESTS_DIR WORK_DIR" >&2
    exit 2
fi
blend=$(realpath "$1")
tests_dir=$2
work_dir=$3
if ! command -v node >/dev/null 2>&1; then
    echo "FAIL: node is not on PATH. Install Node.js >= 18; this test runs ethers and @ethereumjs." >&2
    exit 1
fi
for pkg in ethers @ethereumjs/block @ethereumjs/common @ethereumjs/util; do
    if [ ! -f "$tests_dir/node_modules/$pkg/package.json" ]; then
        echo "FAIL: $tests_dir/node_modules/$pkg is missing." \
             "Run 'npm ci' in $tests_dir (versions are pinned in tests/package.json)." >&2
        exit 1
    fi
done
mkdir -p "$work_dir"
status=0
(cd "$tests_dir" && node genesis/dev_accounts_check.mjs "$blend" 1) || status=1
(cd "$tests_dir" && node genesis/check_genesis.mjs "$blend" "$(realpath "$work_dir")" 1) || status=1
exit $status
