#!/usr/bin/env bash
# The README's first command: installs what is missing, builds, and starts a dev node (a local
# RocksDB datadir, ./blend-data unless --datadir is given, and the dev genesis; a block per
# transaction, or every --dev.period seconds). Arguments go to `blend node`; see
# `build/bin/blend node --help`. Stop it with Ctrl-C; running it again continues the same chain.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec build/bin/blend node --dev "$@"
