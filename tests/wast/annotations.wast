;; want: 11 passed, 0 failed, 0 skipped
;; Annotations (@id ...) are white space to a script, wherever they stand:
;; alone at the top, before a command's name, among its parts, inside
;; module text (handed on to Wasmtime as written). Their tokens may be
;; anything balanced, a lone ';' too (make wast-test).
(@a)
(@a , ; ] [ }} }x{ ({) ,{{};}] ;)
(@a (x (y)) ")" "(" x")"y (@b) (@) (@ x) (@(@(@(@)))) (; c ;) ;; line comment
)
(@"quoted id" 1 2)
(module (@a ;) (func (export "f") (result i32) (i32.const 1)))
(assert_return (invoke "f") (i32.const 1))
((@a) module (@a) $m (@a ;) (@a)
  ((@a) func (@a) (export "g") (@a) (result i32) ((@a) i32.const (@a) 2)) (@a))
(assert_return (@a) (invoke (@a) $m (@a) "g") (@a ;) (i32.const (@b x) 2))
((@a) assert_return ((@a) invoke "g") (i32.const 2))
(assert_return (invoke "g") (either (@a) (i32.const 3) (i32.const 2)))
((@a) register "M" (@a) $m)
(module (import "M" "g" (func $g (result i32))) (@a ;)
  (func (export "h") (result i32) (call $g)))
(assert_return (invoke "h") (i32.const 2))
((@a) func (export "i") (result i32) (i32.const 4)) (@a)
(assert_return (invoke "i") (i32.const 4))
