;; loop.wat - a WASI command that never ends: `wt run -W timeout=100ms examples/loop.wat`
;; (or -W fuel=N) shows how a runaway guest is stopped.
(module
  (memory (export "memory") 1)
  (func $spin (loop $l (br $l)))
  (func (export "_start") call $spin))
