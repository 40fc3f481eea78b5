;; want: 6 passed, 0 failed, 0 skipped
;; Proposals the suites need are on by default (here threads and
;; shared-memory); `-W shared-memory=n` turns one off (make wast-test).
(module (memory 1 2 shared))
(module
  (memory 1 2 shared)
  (func (export "cas") (param i32 i32) (result i32)
    (i32.atomic.rmw.cmpxchg (i32.const 0) (local.get 0) (local.get 1)))
  (func (export "notify") (result i32) (memory.atomic.notify (i32.const 0) (i32.const 1))))
(assert_return (invoke "cas" (i32.const 0) (i32.const 5)) (i32.const 0))
(assert_return (invoke "cas" (i32.const 0) (i32.const 6)) (i32.const 5))
(assert_return (invoke "cas" (i32.const 5) (i32.const 7)) (i32.const 5))
(assert_return (invoke "notify") (i32.const 0))
