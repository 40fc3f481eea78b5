#!/bin/sh
# Installs the Debian packages wt's build and tests use, only those missing:
#   libxxhash-dev   XXH3 (header-only) for the compiled-module cache keys
#   clang lld wasi-libc libclang-rt-dev-wasm32   compile the C test guests to
#                   wasm32-wasi (the last: compiler-rt builtins wasm-ld links)
#   libclang-rt-14-dev   clang's sanitizer and libFuzzer run times (make tsan, make fuzz)
#   groff-base man-db    render and check docs/wt.1 (make man-test)
#   doxygen         the API reference from include/wt.h (make docs, make docs-test)
# Idempotent and quick when everything is present.
set -eu
need=""
for p in libxxhash-dev clang lld wasi-libc libclang-rt-dev-wasm32 libclang-rt-14-dev groff-base man-db doxygen; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need="$need $p"
done
[ -z "$need" ] && exit 0
echo "install-deps: installing$need" >&2
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
$SUDO apt-get update -qq >&2 || true
$SUDO apt-get install -y -qq --no-install-recommends $need >&2
