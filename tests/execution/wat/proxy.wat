;; SPDX-License-Identifier: Apache-2.0
;; A syscall proxy: input = flags (1 byte) ‖ syscall number (1 byte) ‖ payload. `main` performs _exec(number, payload)
;; and outputs the exit code (i32, little-endian as stored by Wasm) ‖ the return data. Flag 0x80:
;; end with _exit(-1) (revert) after writing the output. Flag 0x40: pass a 16-byte fuel buffer
;; whose limit is the first 8 bytes of the payload (big-endian) and drop them from the input;
;; the output then also carries the buffer (consumed ‖ refunded) after the exit code.
;; `deploy` stores its constructor input (slot ‖ value, 64 bytes) if it has one.
(module
  (import "fluentbase_v1preview" "_exec" (func $exec (param i32 i32 i32 i32 i32) (result i32)))
  (import "fluentbase_v1preview" "_input_size" (func $input_size (result i32)))
  (import "fluentbase_v1preview" "_read" (func $read (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_write" (func $write (param i32 i32)))
  (import "fluentbase_v1preview" "_output_size" (func $output_size (result i32)))
  (import "fluentbase_v1preview" "_forward_output" (func $forward (param i32 i32)))
  (import "fluentbase_v1preview" "_exit" (func $exit (param i32)))
  (memory 4)
  (func $set_id (param $number i32)
    (i32.store8 (i32.const 30) (i32.const 1))
    (i32.store8 (i32.const 31) (local.get $number)))
  (func (export "main")
    (local $n i32) (local $flags i32) (local $code i32) (local $in i32) (local $len i32)
    (local.set $n (call $input_size))
    (if (i32.eqz (local.get $n)) (then (return)))
    (call $read (i32.const 1024) (i32.const 0) (local.get $n))
    (local.set $flags (i32.load8_u (i32.const 1024)))
    (call $set_id (i32.load8_u (i32.const 1025)))
    (local.set $in (i32.const 1026))
    (local.set $len (i32.sub (local.get $n) (i32.const 2)))
    (if (i32.and (local.get $flags) (i32.const 0x40))
      (then
        ;; fuel buffer at 128: the limit's 8 bytes, then 8 zero bytes
        (i64.store (i32.const 128) (i64.load (local.get $in)))
        (i64.store (i32.const 136) (i64.const 0))
        (local.set $in (i32.add (local.get $in) (i32.const 8)))
        (local.set $len (i32.sub (local.get $len) (i32.const 8)))
        (local.set $code (call $exec (i32.const 0) (local.get $in) (local.get $len)
                                     (i32.const 128) (i32.const 0))))
      (else
        (local.set $code (call $exec (i32.const 0) (local.get $in) (local.get $len)
                                     (i32.const 0) (i32.const 0)))))
    (i32.store (i32.const 64) (local.get $code))
    (call $write (i32.const 64) (i32.const 4))
    (if (i32.and (local.get $flags) (i32.const 0x40))
      (then (call $write (i32.const 128) (i32.const 16))))
    (call $forward (i32.const 0) (call $output_size))
    (if (i32.and (local.get $flags) (i32.const 0x80))
      (then (call $exit (i32.const -1)))))
  (func (export "deploy")
    (if (i32.lt_u (call $input_size) (i32.const 64)) (then (return)))
    (call $read (i32.const 1024) (i32.const 0) (i32.const 64))
    (call $set_id (i32.const 2))
    (drop (call $exec (i32.const 0) (i32.const 1024) (i32.const 64) (i32.const 0) (i32.const 0)))))
