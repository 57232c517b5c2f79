;; SPDX-License-Identifier: Apache-2.0
;; Writes its own slot 1 = 1, then CALLs input[0..20] with calldata input[20..] and outputs the
;; call's exit code (i32).
(module
  (import "fluentbase_v1preview" "_exec" (func $exec (param i32 i32 i32 i32 i32) (result i32)))
  (import "fluentbase_v1preview" "_input_size" (func $input_size (result i32)))
  (import "fluentbase_v1preview" "_read" (func $read (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_write" (func $write (param i32 i32)))
  (memory 1)
  (func (export "main")
    (local $n i32)
    (i32.store8 (i32.const 30) (i32.const 1))
    (i32.store8 (i32.const 31) (i32.const 2))
    (i32.store8 (i32.const 95) (i32.const 1))    ;; slot word 64..96 = 1
    (i32.store8 (i32.const 127) (i32.const 1))   ;; value word 96..128 = 1
    (drop (call $exec (i32.const 0) (i32.const 64) (i32.const 64) (i32.const 0) (i32.const 0)))
    (local.set $n (call $input_size))
    ;; CALL input: addr (20) ‖ value (32, zero) ‖ calldata
    (call $read (i32.const 1024) (i32.const 0) (i32.const 20))
    (call $read (i32.const 1076) (i32.const 20) (i32.sub (local.get $n) (i32.const 20)))
    (i32.store8 (i32.const 31) (i32.const 3))
    (i32.store (i32.const 200)
      (call $exec (i32.const 0) (i32.const 1024) (i32.add (local.get $n) (i32.const 32))
                  (i32.const 0) (i32.const 0)))
    (call $write (i32.const 200) (i32.const 4))))
