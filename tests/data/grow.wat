;; grow.wat - a WASI command that grows its memory one page at a time until
;; memory.grow returns -1, then exits with its size in pages: under
;; `-W max-memory-size=262144` the exit code is 4.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (block (loop (br_if 1 (i32.eq (memory.grow (i32.const 1)) (i32.const -1))) (br 0)))
    (call $exit (memory.size))))
