;; recurse.wat - a WASI command that recurses without end: a stack overflow trap.
(module
  (memory (export "memory") 1)
  (func $rec (param i32) (result i32)
    (i32.add (call $rec (i32.add (local.get 0) (i32.const 1))) (i32.const 1)))
  (func (export "_start") (drop (call $rec (i32.const 0)))))
