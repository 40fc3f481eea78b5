;; loop.wat - a WASI command that never ends and keeps calling: each turn of
;; the loop calls $tick, which bumps a counter in memory, so a deadline or
;; fuel must stop it wherever it is (loop header or function entry).
;; `wt run -W timeout=100ms tests/data/loop.wat` must end within a second.
(module
  (memory (export "memory") 1)
  (func $tick (i32.store (i32.const 0) (i32.add (i32.load (i32.const 0)) (i32.const 1))))
  (func (export "_start") (loop $l (call $tick) (br $l))))
