;; greet_host.wat - examples/greet.wat with a host function: the component
;; imports log: func(msg: string) from the instance wt:demo/host, which
;; examples/component.c defines as "wt:demo/host#log", and logs each
;; greeting through it before returning it.
;;
;; The lowered log reads its message from the component's memory, so that
;; memory (with its allocator) comes from a core module of its own,
;; instantiated before the module that imports log.
(component
  (import "wt:demo/host" (instance $host (export "log" (func (param "msg" string)))))

  (core module $heap
    (memory (export "memory") 1)
    (global $top (mut i32) (i32.const 1024)) ;; a bump heap from 1024
    (func (export "cabi_realloc")
          (param $old i32) (param $old_size i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $top) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $top (i32.add (local.get $p) (local.get $size)))
      (if (i32.gt_u (global.get $top) (i32.shl (memory.size) (i32.const 16)))
        (then (if (i32.eq (memory.grow (i32.shr_u (i32.add (i32.sub (global.get $top)
                                                                      (i32.shl (memory.size) (i32.const 16)))
                                                              (i32.const 65535))
                                                   (i32.const 16)))
                          (i32.const -1))
                (then unreachable))))
      (local.get $p))
    (func (export "free_all") (param i32) ;; post-return: the host has the result
      (global.set $top (i32.const 1024))))
  (core instance $heap (instantiate $heap))
  (core func $log (canon lower (func $host "log") (memory (core memory $heap "memory"))))

  (core module $greeter
    (import "heap" "memory" (memory 1))
    (import "heap" "cabi_realloc" (func $alloc (param i32 i32 i32 i32) (result i32)))
    (import "host" "log" (func $log (param i32 i32)))
    (data (i32.const 0) "Hello, ")          ;; 7 bytes; the result area at 16
    (func (export "greet") (param $name i32) (param $len i32) (result i32)
      (local $out i32) (local $n i32)
      (local.set $n (i32.add (local.get $len) (i32.const 8))) ;; "Hello, " name "!"
      (local.set $out (call $alloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $n)))
      (memory.copy (local.get $out) (i32.const 0) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $name) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 7))) (i32.const 33))
      (call $log (local.get $out) (local.get $n))
      (i32.store (i32.const 16) (local.get $out))
      (i32.store (i32.const 20) (local.get $n))
      (i32.const 16)))
  (core instance $i (instantiate $greeter
    (with "heap" (instance $heap))
    (with "host" (instance (export "log" (func $log))))))

  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $i "greet") (memory (core memory $heap "memory"))
                (realloc (core func $heap "cabi_realloc")) (post-return (core func $heap "free_all")))))
