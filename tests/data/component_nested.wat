;; A component whose functions are in exported instances (tests/cli.sh):
;; `hello` is in two of them, `only` in one, `run` at the top and in one.
(component
  (core module $m
    (func (export "seven") (result i32) i32.const 7)
    (func (export "two") (result i32) i32.const 2)
    (func (export "three") (result i32) i32.const 3))
  (core instance $i (instantiate $m))
  (func $seven (result u32) (canon lift (core func $i "seven")))
  (func $two (result u32) (canon lift (core func $i "two")))
  (func $three (result u32) (canon lift (core func $i "three")))
  (instance $api (export "hello" (func $seven)) (export "only" (func $three)) (export "run" (func $seven)))
  (instance $api2 (export "hello" (func $two)))
  (export "wt:demo/api@0.1.0" (instance $api))
  (export "wt:demo/api2" (instance $api2))
  (export "run" (func $two))
)
