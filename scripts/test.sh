#!/usr/bin/env bash
# The test command of the README and of CI: installs what is missing, builds, checks formatting and
# module layering, runs every ctest test except those labelled `slow`, then rebuilds the unit tests
# with ASan+UBSan and runs them again.
#   scripts/test.sh                 everything
#   BLEND_SKIP_SANITIZE=1 scripts/test.sh    skip the sanitizer pass (quicker local runs)
#   scripts/test.sh -R rlp          extra arguments go to the first ctest run
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=$(nproc)

scripts/setup.sh
scripts/check_format.sh
scripts/check_layering.sh

echo "== tests (build/) =="
ctest --test-dir build --output-on-failure -j "$jobs" -LE slow "$@"
# The conformance runners' own pass counts (ctest keeps them in its log).
echo "== conformance pass counts =="
grep -hE '^[a-z -]+: passed [0-9]+ of [0-9]+' build/Testing/Temporary/LastTest.log || true

if [ "${BLEND_SKIP_SANITIZE:-0}" != "1" ]; then
    echo "== unit tests under ASan+UBSan (build-asan/) =="
    cmake -S . -B build-asan -G Ninja -DBLEND_WERROR=ON -DBLEND_BENCH=OFF \
        -DBLEND_SANITIZE=address,undefined -DCMAKE_BUILD_TYPE=Debug >/dev/null
    ninja -C build-asan
    # The reference-checked U256 test runs 1M operands per operation in build/; a tenth under
    # the sanitizers keeps the pass short while still covering every path.
    BLEND_U256_ITERATIONS=100000 ctest --test-dir build-asan --output-on-failure -j "$jobs" -L unit
fi
