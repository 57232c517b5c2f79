;; SPDX-License-Identifier: Apache-2.0
;; Hostile: grows memory forever (memory.grow fails at the page limit; the loop goes on) and
;; writes a storage slot first, which must be rolled back.
(module
  (import "fluentbase_v1preview" "_exec" (func $exec (param i32 i32 i32 i32 i32) (result i32)))
  (memory 1)
  (func (export "main")
    (i32.store8 (i32.const 30) (i32.const 1))
    (i32.store8 (i32.const 31) (i32.const 2))   ;; STORAGE_WRITE slot 0 = 1
    (i32.store8 (i32.const 127) (i32.const 1))
    (drop (call $exec (i32.const 0) (i32.const 64) (i32.const 64) (i32.const 0) (i32.const 0)))
    (loop $l (drop (memory.grow (i32.const 1))) (br $l))))
