;; recurse_wasi.wat - recursion without end with a WASI call (random_get)
;; at every depth: host frames run right at the wasm stack limit, then a
;; stack overflow trap. `wt run` runs it on the main thread when the stack
;; limit (ulimit -s) has room, else on a thread of its own: never a crash.
(module
  (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $rec (param i32) (result i32)
    (drop (call $random (i32.const 0) (i32.const 16)))
    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "_start") (drop (call $rec (i32.const 0)))))
