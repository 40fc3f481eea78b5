#!/bin/sh
# install-test.sh - `make install` and `make uninstall` into a temporary
# DESTDIR (PREFIX=/usr), and programs built against what was installed:
#   - the files, links, SONAME and exported symbols (scripts/check-symbols.sh)
#     of the installed library; its default libwasmtime.so path is the
#     prefix's (/usr/lib/libwasmtime.so), not this checkout's .deps/;
#   - a small program built with `cc app.c $(pkg-config --cflags --libs wt)`
#     (PKG_CONFIG_PATH and PKG_CONFIG_SYSROOT_DIR into the DESTDIR), and with
#     CMake's find_package(wt) (wt::wt, and wt::wt_static), each run;
#   - the installed bin/wt;
#   - `make uninstall` removes every file it installed.
# The programs run with LD_LIBRARY_PATH at the DESTDIR's lib (no system
# folder) and WT_WASMTIME_LIB at the fetched Wasmtime, except where the
# search itself is tested. Last line: "N passed, M failed".
set -u
cd "$(dirname "$0")/.."
top=$(pwd)
MAKE=${MAKE:-make}
CC=${CC:-cc}
pass=0; fail=0
check() { # name command... : one pass or failure
  name=$1; shift
  if "$@" >> "$log" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "install: FAILED: $name (log: $log)"; fi
}
version=$(sed -n 's/^#define WT_VERSION "\([^"]*\)".*/\1/p' include/wt.h)
major=${version%%.*}
wasmtime=$top/.deps/wasmtime-$(cat WASMTIME_VERSION)/lib/libwasmtime.so
if [ ! -f "$wasmtime" ]; then echo "install suite SKIPPED: $wasmtime not found (make deps)"; exit 0; fi

mkdir -p build
work=$(mktemp -d "$top/build/install-test.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
root=$work/root          # the DESTDIR; everything else of the test lives beside it
log=$work/log.txt; : > "$log"
lib=$root/usr/lib
unset NIX_LDFLAGS WT_WASMTIME_LIB

# ---- install ----
check "make install DESTDIR=... PREFIX=/usr" $MAKE -s install DESTDIR="$root" PREFIX=/usr
files="usr/include/wt.h usr/lib/libwt.a usr/lib/libwt.so.$version usr/lib/libwt.so.$major usr/lib/libwt.so
  usr/bin/wt usr/lib/pkgconfig/wt.pc usr/lib/cmake/wt/wtConfig.cmake usr/lib/cmake/wt/wtConfigVersion.cmake
  usr/share/man/man1/wt.1 usr/share/man/man3/wt.3"
all_there() { for f in $files; do [ -e "$root/$f" ] || { echo "missing: $f"; return 1; }; done; }
check "every file installed" all_there
links() {
  [ "$(readlink "$lib/libwt.so.$major")" = "libwt.so.$version" ] && [ "$(readlink "$lib/libwt.so")" = "libwt.so.$version" ] &&
    [ -f "$lib/libwt.so.$version" ] && [ ! -L "$lib/libwt.so.$version" ]
}
check "libwt.so.$major and libwt.so link to libwt.so.$version" links
check "installed library: SONAME and exported symbols" scripts/check-symbols.sh "$lib/libwt.so.$version"
# The installed library and CLI bake in /usr/lib/libwasmtime.so, never a path into this checkout.
baked() {
  for f in "$lib/libwt.so.$version" "$lib/libwt.a" "$root/usr/bin/wt"; do
    grep -q "$top/.deps" "$f" && { echo "$f names $top/.deps"; return 1; }
    grep -q '/usr/lib/libwasmtime\.so' "$f" || { echo "$f lacks /usr/lib/libwasmtime.so"; return 1; }
  done
}
check "default libwasmtime.so path is the prefix's, not the build tree's" baked
check "man -l of the installed wt(1) renders" sh -c "MANWIDTH=80 man -l '$root/usr/share/man/man1/wt.1' | grep -q 'wt run'"
check "man -l of the installed wt(3) renders" sh -c "MANWIDTH=80 man -l '$root/usr/share/man/man3/wt.3' | grep -q 'wt_store'"
check "make install again (over an install)" $MAKE -s install DESTDIR="$root" PREFIX=/usr

# ---- the program ----
mkdir -p "$work/app"
cat > "$work/app/app.c" <<'APP'
#include <stdio.h>
#include <string.h>
#include <wt.h>

int main(void) {
  static const char wat[] =
      "(module (func (export \"add\") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))";
  wt_engine *engine = NULL; wt_store *store = NULL; wt_linker *linker = NULL; wt_module *module = NULL;
  wt_instance inst; wt_func add; int32_t sum = 0; int rc;
  wt_val args[2];
  args[0] = wt_val_i32(40); args[1] = wt_val_i32(2);
  if ((rc = wt_engine_new(NULL, &engine)) || (rc = wt_store_new(engine, NULL, NULL, &store)) ||
      (rc = wt_linker_new(engine, &linker)) || (rc = wt_module_from_wat(engine, wat, strlen(wat), &module)) ||
      (rc = wt_linker_instantiate(linker, wt_store_context(store), module, &inst)) ||
      (rc = wt_instance_get_func(wt_store_context(store), &inst, "add", &add)) ||
      (rc = wt_func_call_i32(wt_store_context(store), &add, args, 2, &sum)))
    fprintf(stderr, "app: %s: %s\n", wt_strerror(rc), wt_errmsg());
  else
    printf("add(40, 2) = %d\nwt %s on %s\n", (int)sum, WT_VERSION, wt_library_path());
  wt_module_delete(module); wt_linker_delete(linker); wt_store_delete(store); wt_engine_delete(engine);
  return rc ? 1 : 0;
}
APP
# A run's output, kept for the checks after it.
run() { # out-file command... (the program's stdout and stderr)
  out=$1; shift
  "$@" > "$out" 2>&1; rc=$?; cat "$out"; return $rc
}
runs_42() { # program: built against the installed wt, its output
  run "$work/out.txt" env LD_LIBRARY_PATH="$lib" WT_WASMTIME_LIB="$wasmtime" "$1" &&
    grep -qx 'add(40, 2) = 42' "$work/out.txt" && grep -qx "wt $version on $wasmtime" "$work/out.txt"
}
uses_installed() { # program: its libwt.so.MAJOR is the DESTDIR's
  LD_LIBRARY_PATH="$lib" ldd "$1" | tee "$work/ldd.txt" && grep -q "libwt\.so\.$major => $lib/libwt\.so\.$major" "$work/ldd.txt"
}

# pkg-config, sysroot style: the .pc file says /usr, the sysroot maps it into the DESTDIR.
if command -v pkg-config >/dev/null; then
  pc() { PKG_CONFIG_PATH="$lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$root" \
         PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1 PKG_CONFIG_ALLOW_SYSTEM_LIBS=1 pkg-config "$@"; }
  check "pkg-config --modversion wt is $version" test "$(pc --modversion wt)" = "$version"
  check "pkg-config --static --libs wt adds -ldl -lpthread" sh -c "echo '$(pc --static --libs wt)' | grep -q -- '-lwt -ldl -lpthread'"
  # shellcheck disable=SC2046  # the flags are words
  check "cc app.c \$(pkg-config --cflags --libs wt)" \
    $CC -std=c11 -Wall -Wextra -Werror "$work/app/app.c" $(pc --cflags --libs wt) -o "$work/app_pc"
  check "pkg-config program links the installed libwt.so.$major" uses_installed "$work/app_pc"
  check "pkg-config program runs" runs_42 "$work/app_pc"
  # The installed library's own search: dlopen's (LD_LIBRARY_PATH) finds Wasmtime ...
  search_system() {
    run "$work/out.txt" env LD_LIBRARY_PATH="$lib:$(dirname "$wasmtime")" "$work/app_pc" &&
      grep -qx 'add(40, 2) = 42' "$work/out.txt"
  }
  check "installed library finds libwasmtime.so by the system search" search_system
  # ... and without it the places tried are WT_WASMTIME_LIB, NIX_LDFLAGS, /usr/lib/libwasmtime.so
  # and the system search, never the build tree's copy.
  search_default() {
    if run "$work/out.txt" env LD_LIBRARY_PATH="$lib" "$work/app_pc"; then
      ! grep -q "$top/.deps" "$work/out.txt"     # a Wasmtime installed on this system was found
    else
      grep -q '/usr/lib/libwasmtime\.so' "$work/out.txt" && ! grep -q "$top/.deps" "$work/out.txt"
    fi
  }
  check "installed library tries /usr/lib/libwasmtime.so, not the build tree" search_default
else
  echo "install: pkg-config SKIPPED: not installed (Debian package pkgconf)"
fi

# CMake: find_package(wt) through CMAKE_PREFIX_PATH.
if command -v cmake >/dev/null; then
  cat > "$work/app/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.10)
project(app C)
find_package(wt 0.1 REQUIRED)
add_executable(app app.c)
target_link_libraries(app PRIVATE wt::wt)
add_executable(app_static app.c)
target_link_libraries(app_static PRIVATE wt::wt_static)
CM
  check "cmake configure with find_package(wt 0.1)" \
    cmake -S "$work/app" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$root/usr" -DCMAKE_C_FLAGS="-std=c11 -Wall -Wextra -Werror"
  check "cmake --build" cmake --build "$work/cmake"
  check "CMake program (wt::wt) links the installed libwt.so.$major" uses_installed "$work/cmake/app"
  check "CMake program (wt::wt) runs" runs_42 "$work/cmake/app"
  static_ok() { ! ldd "$work/cmake/app_static" | grep -q libwt && runs_42 "$work/cmake/app_static"; }
  check "CMake program (wt::wt_static) runs without libwt.so" static_ok
  mkdir -p "$work/app2"
  sed 's/find_package(wt 0.1 REQUIRED)/find_package(wt 1.0 REQUIRED)/' "$work/app/CMakeLists.txt" > "$work/app2/CMakeLists.txt"
  cp "$work/app/app.c" "$work/app2/"
  check "find_package(wt 1.0) refuses wt $version" \
    sh -c "! cmake -S '$work/app2' -B '$work/cmake2' -DCMAKE_PREFIX_PATH='$root/usr'"
else
  echo "install: cmake SKIPPED: not installed (Debian package cmake)"
fi

# The installed CLI.
printf '(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))\n' > "$work/add.wat"
cli() {
  run "$work/out.txt" env WT_WASMTIME_LIB="$wasmtime" "$root/usr/bin/wt" run --invoke add "$work/add.wat" 40 2 &&
    grep -qx 42 "$work/out.txt" &&
    env WT_WASMTIME_LIB="$wasmtime" "$root/usr/bin/wt" --version | grep -q "^wt $version "
}
check "installed bin/wt runs" cli

# ---- uninstall: nothing of what was installed is left (folders shared with others may stay) ----
check "make uninstall DESTDIR=... PREFIX=/usr" $MAKE -s uninstall DESTDIR="$root" PREFIX=/usr
nothing_left() {
  left=$(find "$root" ! -type d); [ -z "$left" ] || { echo "left after uninstall: $left"; return 1; }
  [ ! -d "$lib/cmake/wt" ] || { echo "left after uninstall: $lib/cmake/wt/"; return 1; }
}
check "uninstall removes every installed file" nothing_left

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
