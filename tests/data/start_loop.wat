;; start_loop.wat - never ends in its start function, so it runs while the
;; module is instantiated (wasmtime_linker_module reports it as an error,
;; not as a trap): -W timeout / -W fuel must still stop it and say why.
(module
  (func $forever (loop $l (br $l)))
  (start $forever))
