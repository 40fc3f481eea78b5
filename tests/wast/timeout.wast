;; wt wast --timeout 1: the endless call fails after a second, the store
;; stays usable, and the script goes on (make wast-test).
(module
  (func (export "spin") (loop (br 0)))
  (func (export "ok") (result i32) (i32.const 1)))
(assert_return (invoke "ok") (i32.const 1))
(invoke "spin")
(assert_return (invoke "ok") (i32.const 1))
