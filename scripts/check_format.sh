#!/usr/bin/env bash
# Fails when a tracked C/C++ file is not clang-formatted (.clang-format).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | grep -v '^tests/node_modules/')
bad=()
for f in "${files[@]}"; do
    [ -f "$f" ] || continue
    clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
    echo "check_format: not clang-formatted (run clang-format -i): ${bad[*]}" >&2
    exit 1
fi
echo "check_format: ${#files[@]} files formatted"
