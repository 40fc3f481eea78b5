;; deep_exit.wat - a WASI command that calls proc_exit(3) 1000 calls deep.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $deep (param i32)
    (if (i32.eqz (local.get 0)) (then (call $exit (i32.const 3))))
    (call $deep (i32.sub (local.get 0) (i32.const 1))))
  (func (export "_start") (call $deep (i32.const 1000))))
