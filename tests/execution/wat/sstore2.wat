;; SPDX-License-Identifier: Apache-2.0
;; Two STORAGE_WRITEs in one frame: input = slot ‖ value ‖ slot ‖ value (128 bytes).
(module
  (import "fluentbase_v1preview" "_exec" (func $exec (param i32 i32 i32 i32 i32) (result i32)))
  (import "fluentbase_v1preview" "_read" (func $read (param i32 i32 i32)))
  (memory 1)
  (func (export "main")
    (call $read (i32.const 64) (i32.const 0) (i32.const 128))
    (i32.store8 (i32.const 30) (i32.const 1))
    (i32.store8 (i32.const 31) (i32.const 2))
    (drop (call $exec (i32.const 0) (i32.const 64) (i32.const 64) (i32.const 0) (i32.const 0)))
    (drop (call $exec (i32.const 0) (i32.const 128) (i32.const 64) (i32.const 0) (i32.const 0)))))
