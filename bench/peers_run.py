#!/usr/bin/env python3
"""peers_run.py - runs a WASI command module through the PyPI `wasmtime`
package, as `wasmtime run FILE` does: Wasmtime's own compiled-module cache
(CACHE_CONFIG, a cache-config file), stdout inherited, its `_start` called.
The whole-process rows of scripts/bench-peers.py time it next to `wt run`.

Usage: python bench/peers_run.py FILE.wasm CACHE_CONFIG
"""
import sys

import wasmtime


def main():
    path, cache_config = sys.argv[1:3]
    cfg = wasmtime.Config()
    cfg.cache = cache_config
    engine = wasmtime.Engine(cfg)
    store = wasmtime.Store(engine)
    wasi = wasmtime.WasiConfig()
    wasi.inherit_stdout()
    wasi.inherit_stderr()
    store.set_wasi(wasi)
    linker = wasmtime.Linker(engine)
    linker.define_wasi()
    module = wasmtime.Module.from_file(engine, path)
    linker.instantiate(store, module).exports(store)["_start"](store)


if __name__ == "__main__":
    main()
