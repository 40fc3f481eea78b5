;; reactor.wat - a WASI reactor: _initialize (what C constructors compile
;; to) must run exactly once before `wt run --invoke add_base`, as wasmtime
;; does: add_base 42 prints 142 (42 without it, 242 if it ran twice).
(module
  (global $base (mut i32) (i32.const 0))
  (func (export "_initialize") (global.set $base (i32.add (global.get $base) (i32.const 100))))
  (func (export "add_base") (param i32) (result i32) (i32.add (global.get $base) (local.get 0))))
