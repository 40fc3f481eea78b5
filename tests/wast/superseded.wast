;; want: 0 passed, 0 failed, 2 skipped
;; Wasm 1.0 rejections that later proposals lifted are honest skips, not
;; passes nor failures: multiple memories, multiple tables (make wast-test).
(assert_invalid (module (memory 0) (memory 0)) "multiple memories")
(assert_invalid (module (table 0 funcref) (table 0 funcref)) "multiple tables")
