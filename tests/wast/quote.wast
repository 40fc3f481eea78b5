;; want: 11 passed, 0 failed, 0 skipped
;; (module quote "...") whose text is itself a whole (module ...) is not
;; wrapped in another one; text of bare fields is (make wast-test).
(module quote "(module (func (export \"a\") (result i32) (i32.const 1)))")
(assert_return (invoke "a") (i32.const 1))
(module $Q quote " ;; comment\n (; block ;) (@a ;) ( (@b) module $inner"
  " (func (export \"b\") (result i32) (i32.const 2)))")
(assert_return (invoke $Q "b") (i32.const 2))
(module quote "(func (export \"c\") (result i32) (i32.const 3))")
(assert_return (invoke "c") (i32.const 3))
(module definition quote "(module (func (export \"d\") (result i32) (i32.const 4)))")
(module instance)
(assert_return (invoke "d") (i32.const 4))
(module quote "(func (export \"t\") (result i32) (i32.const 5)) ;; a comment to the end of the text")
(assert_return (invoke "t") (i32.const 5))
