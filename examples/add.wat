;; add.wat - the smallest useful module: `wt run --invoke add_int32 examples/add.wat 40 2`
(module
  (func (export "add_int32") (param i32 i32) (result i32)
    local.get 0 local.get 1 i32.add))
