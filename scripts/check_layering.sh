#!/usr/bin/env bash
# Enforces the module dependency order of docs (README "Modules"): a module may include only
# itself and the modules it is allowed to use. Include paths are rooted at the repository, so the
# first path component of a quoted include names the module.
set -euo pipefail
cd "$(dirname "$0")/.."
declare -A allowed=(
    [core]="core"
    [config]="core config"
    [rwasm]="core rwasm"
    [trie]="core trie"
    [runtimes]="runtimes core/freestanding"
    [execution]="core rwasm trie runtimes execution"
    [genesis]="core config execution trie genesis"
    [p2p]="core p2p"
    [rpc]="core config rpc"
)
status=0
for module in "${!allowed[@]}"; do
    [ -d "$module" ] || continue
    while IFS= read -r line; do
        file=${line%%:*}
        target=$(sed -E 's/.*#include "([^"]+)".*/\1/' <<<"${line#*:}")
        ok=0
        for dep in ${allowed[$module]}; do
            case "$target" in "$dep"/*) ok=1 ;; esac
        done
        if [ $ok -eq 0 ]; then
            echo "check_layering: $file includes \"$target\", which $module may not use" >&2
            status=1
        fi
    done < <(grep -rn --include='*.cpp' --include='*.hpp' --include='*.h' -E '^\s*#\s*include "' "$module" || true)
done
[ $status -eq 0 ] && echo "check_layering: module dependencies follow the design order"
exit $status
