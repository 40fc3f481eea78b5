"""Runtime adapter for the WASI suite's official runner: the suite's stock
wasmtime adapter (adapters/wasmtime.py of the suite, loaded and used as it
is), with each preview1 test module replaced by a WASI 0.2 command component
made from it with the preview1 command adapter (`wasm-tools component new
--adapt wasi_snapshot_preview1=ADAPTER`). scripts/wasi-official.sh
--components (make wasi-components) drives it.

Environment (all set by wasi-official.sh):
  WT_WASI_SUITE        the suite folder (its adapters/wasmtime.py is used)
  WT_WASM_TOOLS        wasm-tools
  WT_COMPONENT_ADAPTER wasi_snapshot_preview1.command.wasm
  WT_COMPONENT_CACHE   where the components are kept: NAME-KEY.wasm, KEY a
                       hash of the module, the adapter and the wasm-tools
                       version, so a changed input makes a new file and an
                       unchanged one is never made again
  WASMTIME             the runtime, as for the stock adapter (build/wt)

A module that cannot be made a component runs as a command that says why on
stderr and exits 125, so that the test fails with the reason (an exception
here would end the whole runner).
"""
import hashlib
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional, Tuple


def _load_stock():
    path = Path(os.environ["WT_WASI_SUITE"]) / "adapters" / "wasmtime.py"
    spec = importlib.util.spec_from_file_location("wt_stock_wasmtime", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# The runner runs this file once with --version to tell module adapters from
# legacy scripts: it must print nothing then, and need nothing.
if __name__ == "__main__":
    sys.exit(0)

_STOCK = _load_stock()
_TOOLS = os.environ["WT_WASM_TOOLS"]
_ADAPTER = os.environ["WT_COMPONENT_ADAPTER"]
_CACHE = Path(os.environ["WT_COMPONENT_CACHE"])
_SALT: Optional[bytes] = None


def _salt() -> bytes:
    """What, besides the module, decides the component: adapter and tool."""
    global _SALT
    if _SALT is None:
        h = hashlib.sha256()
        h.update(Path(_ADAPTER).read_bytes())
        h.update(subprocess.run([_TOOLS, "--version"], capture_output=True,
                                check=True).stdout)
        _SALT = h.digest()
    return _SALT


def componentize(module: str) -> str:
    """The cached component of MODULE (made now when not cached yet)."""
    data = Path(module).read_bytes()
    key = hashlib.sha256(_salt() + data).hexdigest()[:24]
    out = _CACHE / f"{Path(module).stem}-{key}.wasm"
    if out.exists():
        return str(out)
    _CACHE.mkdir(parents=True, exist_ok=True)
    part = out.with_suffix(f".part{os.getpid()}")
    subprocess.run([_TOOLS, "component", "new", module, "--adapt",
                    f"wasi_snapshot_preview1={_ADAPTER}", "-o", str(part)],
                   capture_output=True, text=True, check=True)
    os.replace(part, out)  # whole or not at all, for concurrent runs
    return str(out)


def _refuse(why: str) -> List[str]:
    return [sys.executable, "-c",
            "import sys; sys.stderr.write(sys.argv[1] + '\\n'); sys.exit(125)",
            why]


get_name = _STOCK.get_name
get_version = _STOCK.get_version
get_wasi_versions = _STOCK.get_wasi_versions
get_wasi_worlds = _STOCK.get_wasi_worlds
if hasattr(_STOCK, "get_timeout_seconds"):
    get_timeout_seconds = _STOCK.get_timeout_seconds


def compute_argv(test_path: str,
                 args_env_root: Tuple[List[str], Dict[str, str], Optional[str]],
                 proposals: List[str], wasi_world: str,
                 wasi_version: str) -> List[str]:
    if wasi_version != "wasm32-wasip1":  # already a component: as it is
        return _STOCK.compute_argv(test_path, args_env_root, proposals,
                                   wasi_world, wasi_version)
    try:
        component = componentize(test_path)
    except subprocess.CalledProcessError as e:
        return _refuse(f"wasi-component-adapter: wasm-tools component new "
                       f"{test_path} failed: {e.stderr.strip()}")
    except OSError as e:
        return _refuse(f"wasi-component-adapter: {test_path}: {e}")
    return _STOCK.compute_argv(component, args_env_root, proposals,
                               wasi_world, wasi_version)
