;; values.wat - exports of every number type for `wt run --invoke` tests.
(module
  (func (export "add_i64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "half_f32") (param f32) (result f32) (f32.div (local.get 0) (f32.const 2)))
  (func (export "mul_f64") (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
  (func (export "pair") (param i32) (result i32 i64)
    (local.get 0) (i64.extend_i32_s (i32.sub (i32.const 0) (local.get 0))))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1))))
