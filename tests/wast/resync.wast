;; want: 7 passed, 5 failed, 0 skipped
;; A command the reader cannot read fails alone: reading goes on at the
;; next line that starts a command (make wast-test).
(module (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f" "\q") (i32.const 1))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f")
  (i32.const 1)
(assert_return (invoke "f") (i32.const 1))
(@a "unclosed annotation
(assert_return (invoke "f") (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
(assert_return (invoke "f") (i32.const 1)) (; an unterminated comment takes the rest
(assert_return (invoke "f") (i32.const 1))
