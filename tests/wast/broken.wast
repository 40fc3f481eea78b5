;; A broken script: the runner reports it and goes on.
(module (func (export "f")))
(assert_return (invoke "f")
