#!/usr/bin/env bash
# Installs everything Blend needs to build and test on Debian 12, then configures and builds.
# Idempotent: packages already present are not reinstalled, npm tools are reinstalled only when
# tests/package-lock.json changed. Run as root or through sudo.
#   scripts/setup.sh            install + configure + build (build/)
#   scripts/setup.sh --deps     install only
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages (README "Requirements" lists the same set).
packages=(
    build-essential cmake ninja-build ccache pkg-config git ca-certificates
    clang lld llvm libclang-rt-14-dev clang-format clang-tidy
    libboost-dev libsecp256k1-dev librocksdb-dev nlohmann-json3-dev catch2 libfmt-dev
    libssl-dev libgmp-dev libbenchmark-dev libcli11-dev libtomlplusplus-dev libspdlog-dev wabt
    libboost-context-dev  # fibers of the native runtime strategy (execution/native_runtime.cpp)
)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js for the real-client tests (ethers, @ethereumjs): Debian's nodejs + npm unless a node
# is already installed (another distribution of node conflicts with Debian's npm package).
if ! command -v node >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
fi

# npm test tools, pinned by tests/package-lock.json.
stamp=tests/node_modules/.blend-lock-sha256
want=$(sha256sum tests/package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    echo "setup: installing npm test tools (tests/package-lock.json)"
    (cd tests && npm ci --no-audit --no-fund --loglevel=error)
    echo "$want" > "$stamp"
fi

[ "${1:-}" = "--deps" ] && exit 0

cmake -S . -B build -G Ninja -DBLEND_WERROR=ON >/dev/null
ninja -C build
