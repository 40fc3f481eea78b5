;; greet.wat - a component that exports greet: func(name: string) -> string,
;; returning "Hello, <name>!". It imports nothing, so `wt run` calls it as it
;; is: `make example-component` makes build/examples/greet.wasm of it, and
;;   build/wt run --invoke 'greet("wt")' build/examples/greet.wasm
;; prints "Hello, wt!". examples/greet_host.wat is the same greeter with a
;; host function, for examples/component.c.
;;
;; Strings pass through a core module's memory: the host copies the name in
;; with cabi_realloc, greet returns the address of its result's (pointer,
;; length), and free_all runs once the host has copied the result out
;; (post-return), freeing all the call allocated. The memory and its
;; allocator are a core module of their own, as greet_host.wat needs.
(component
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

  (core module $greeter
    (import "heap" "memory" (memory 1))
    (import "heap" "cabi_realloc" (func $alloc (param i32 i32 i32 i32) (result i32)))
    (data (i32.const 0) "Hello, ")          ;; 7 bytes; the result area at 16
    (func (export "greet") (param $name i32) (param $len i32) (result i32)
      (local $out i32) (local $n i32)
      (local.set $n (i32.add (local.get $len) (i32.const 8))) ;; "Hello, " name "!"
      (local.set $out (call $alloc (i32.const 0) (i32.const 0) (i32.const 1) (local.get $n)))
      (memory.copy (local.get $out) (i32.const 0) (i32.const 7))
      (memory.copy (i32.add (local.get $out) (i32.const 7)) (local.get $name) (local.get $len))
      (i32.store8 (i32.add (local.get $out) (i32.add (local.get $len) (i32.const 7))) (i32.const 33))
      (i32.store (i32.const 16) (local.get $out))
      (i32.store (i32.const 20) (local.get $n))
      (i32.const 16)))
  (core instance $i (instantiate $greeter (with "heap" (instance $heap))))

  (func (export "greet") (param "name" string) (result string)
    (canon lift (core func $i "greet") (memory (core memory $heap "memory"))
                (realloc (core func $heap "cabi_realloc")) (post-return (core func $heap "free_all")))))
