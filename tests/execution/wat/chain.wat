;; SPDX-License-Identifier: Apache-2.0
;; Calls itself (CALL to its own contract address, no value, empty calldata) until a call fails.
;; Output: the first non-zero exit code seen (i32), forwarded up the chain; the input size is
;; ignored. Each frame also bumps transient slot 0 so the test can count the frames that ran.
(module
  (import "fluentbase_v1preview" "_exec" (func $exec (param i32 i32 i32 i32 i32) (result i32)))
  (import "fluentbase_v1preview" "_read_context" (func $ctx (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_write" (func $write (param i32 i32)))
  (import "fluentbase_v1preview" "_output_size" (func $output_size (result i32)))
  (import "fluentbase_v1preview" "_forward_output" (func $forward (param i32 i32)))
  (memory 1)
  (func (export "main")
    (local $code i32)
    (i32.store8 (i32.const 30) (i32.const 1))
    (i32.store8 (i32.const 31) (i32.const 3))            ;; CALL
    (call $ctx (i32.const 100) (i32.const 176) (i32.const 20))  ;; own address → input[0..20]
    ;; value word at 120..152 stays zero
    (local.set $code (call $exec (i32.const 0) (i32.const 100) (i32.const 52)
                                 (i32.const 0) (i32.const 0)))
    (if (i32.ne (local.get $code) (i32.const 0))
      (then
        (i32.store (i32.const 200) (local.get $code))
        (call $write (i32.const 200) (i32.const 4))
        (return)))
    (call $forward (i32.const 0) (call $output_size))))
