;; want: 11 passed, 0 failed, 0 skipped
;; spectest's table64 (table i64 10 20 funcref) and shared_memory
;; (memory 1 2 shared), as in the reference interpreter (make wast-test).
(module $T
  (import "spectest" "table64" (table $t i64 10 20 funcref))
  (import "spectest" "shared_memory" (memory 1 2 shared))
  (func (export "size") (result i64) (table.size $t))
  (func (export "grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "pages") (result i32) (memory.size))
  (func (export "store") (param i32) (i32.atomic.store (i32.const 8) (local.get 0))))
(assert_return (invoke "size") (i64.const 10))
(assert_return (invoke "grow" (i64.const 11)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 10)) (i64.const 10))
(assert_return (invoke "pages") (i32.const 1))
(invoke "store" (i32.const 42))
(module
  (import "spectest" "shared_memory" (memory 1 2 shared))
  (func (export "load") (result i32) (i32.atomic.load (i32.const 8))))
(assert_return (invoke "load") (i32.const 42))
(assert_unlinkable (module (import "spectest" "table64" (table 10 funcref))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "shared_memory" (memory 1 2))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 1 2 shared))) "incompatible import type")
