;; SPDX-License-Identifier: Apache-2.0
;; Exercises the host functions of docs/abi.md §1: input = op (1 byte) ‖ arguments. The input is
;; copied to 4096; results are written to the output.
(module
  (import "fluentbase_v1preview" "_exit" (func $exit (param i32)))
  (import "fluentbase_v1preview" "_state" (func $state (result i32)))
  (import "fluentbase_v1preview" "_read" (func $read (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_input_size" (func $input_size (result i32)))
  (import "fluentbase_v1preview" "_write" (func $write (param i32 i32)))
  (import "fluentbase_v1preview" "_output_size" (func $output_size (result i32)))
  (import "fluentbase_v1preview" "_read_output" (func $read_output (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_read_context" (func $read_context (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_exec" (func $exec (param i32 i32 i32 i32 i32) (result i32)))
  (import "fluentbase_v1preview" "_resume" (func $resume (param i32 i32 i32 i32 i32) (result i32)))
  (import "fluentbase_v1preview" "_forward_output" (func $forward (param i32 i32)))
  (import "fluentbase_v1preview" "_fuel" (func $fuel (result i64)))
  (import "fluentbase_v1preview" "_preimage_size" (func $preimage_size (param i32) (result i32)))
  (import "fluentbase_v1preview" "_preimage_copy" (func $preimage_copy (param i32 i32)))
  (import "fluentbase_v1preview" "_debug_log" (func $debug_log (param i32 i32)))
  (import "fluentbase_v1preview" "_charge_fuel" (func $charge_fuel (param i64)))
  (import "fluentbase_v1preview" "_keccak256" (func $keccak (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_poseidon" (func $poseidon (param i32 i32 i32)))
  (import "fluentbase_v1preview" "_poseidon_hash" (func $poseidon_hash (param i32 i32 i32 i32)))
  (import "fluentbase_v1preview" "_ecrecover" (func $ecrecover (param i32 i32 i32 i32) (result i32)))
  (memory 2)
  (func $out32 (param $v i32)
    (i32.store (i32.const 0) (local.get $v))
    (call $write (i32.const 0) (i32.const 4)))
  (func (export "main")
    (local $n i32) (local $op i32) (local $i i32) (local $args i32) (local $alen i32)
    (local.set $n (call $input_size))
    (call $read (i32.const 4096) (i32.const 0) (local.get $n))
    (local.set $op (i32.load8_u (i32.const 4096)))
    (local.set $args (i32.const 4097))
    (local.set $alen (i32.sub (local.get $n) (i32.const 1)))
    (if (i32.eq (local.get $op) (i32.const 0)) (then (call $out32 (call $state)) (return)))
    (if (i32.eq (local.get $op) (i32.const 1)) (then
      (call $read_context (i32.const 0) (i32.const 0) (i32.const 288))
      (call $write (i32.const 0) (i32.const 288)) (return)))
    (if (i32.eq (local.get $op) (i32.const 2)) (then
      (call $keccak (local.get $args) (local.get $alen) (i32.const 0))
      (call $write (i32.const 0) (i32.const 32)) (return)))
    (if (i32.eq (local.get $op) (i32.const 3)) (then
      (i64.store (i32.const 0) (call $fuel))
      (call $write (i32.const 0) (i32.const 8)) (return)))
    (if (i32.eq (local.get $op) (i32.const 4)) (then (call $exit (i32.const 5))))
    (if (i32.eq (local.get $op) (i32.const 5)) (then
      (call $read (i32.const 0) (local.get $n) (i32.const 1)) (return)))
    (if (i32.eq (local.get $op) (i32.const 6)) (then
      (call $write (i32.const 131000) (i32.const 100)) (return)))
    (if (i32.eq (local.get $op) (i32.const 7)) (then
      (drop (call $resume (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 8)) (then
      (call $charge_fuel (i64.const 0x7fffffffffffffff)) (return)))
    (if (i32.eq (local.get $op) (i32.const 9)) (then
      (call $poseidon (local.get $args) (local.get $alen) (i32.const 0))
      (call $write (i32.const 0) (i32.const 32)) (return)))
    (if (i32.eq (local.get $op) (i32.const 10)) (then
      (call $poseidon_hash (local.get $args) (i32.add (local.get $args) (i32.const 32))
                           (i32.add (local.get $args) (i32.const 64)) (i32.const 0))
      (call $write (i32.const 0) (i32.const 32)) (return)))
    (if (i32.eq (local.get $op) (i32.const 11)) (then
      (i32.store (i32.const 0)
        (call $ecrecover (local.get $args) (i32.add (local.get $args) (i32.const 32))
                         (i32.const 4) (i32.load8_u (i32.add (local.get $args) (i32.const 96)))))
      (call $write (i32.const 0) (i32.const 69)) (return)))
    (if (i32.eq (local.get $op) (i32.const 12)) (then
      (call $out32 (call $preimage_size (local.get $args))) (return)))
    (if (i32.eq (local.get $op) (i32.const 13)) (then
      (call $preimage_copy (local.get $args) (i32.const 8192))
      (call $write (i32.const 8192) (call $preimage_size (local.get $args))) (return)))
    (if (i32.eq (local.get $op) (i32.const 14)) (then
      (call $debug_log (local.get $args) (local.get $alen)) (return)))
    (if (i32.eq (local.get $op) (i32.const 15)) (then
      ;; 40 × 64 KiB = 2.5 MiB of output: above kMaxOutputSize
      (loop $l
        (call $write (i32.const 0) (i32.const 65536))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br_if $l (i32.lt_u (local.get $i) (i32.const 40))))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 16)) (then
      (call $write (local.get $args) (local.get $alen))
      (call $exit (i32.const -1))))
    (if (i32.eq (local.get $op) (i32.const 17)) (then unreachable))
    (if (i32.eq (local.get $op) (i32.const 18)) (then
      (i32.store8 (i32.const 30) (i32.const 2))   ;; ABI version 2 does not exist
      (i32.store8 (i32.const 31) (i32.const 1))
      (drop (call $exec (i32.const 0) (i32.const 0) (i32.const 32) (i32.const 0) (i32.const 0)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 19)) (then (call $out32 (call $input_size)) (return)))
    (if (i32.eq (local.get $op) (i32.const 20)) (then
      ;; _read_output past the (empty) return data
      (call $read_output (i32.const 0) (i32.const 0) (i32.const 1)) (return)))
    (if (i32.eq (local.get $op) (i32.const 21)) (then
      ;; _read_context past its end
      (call $read_context (i32.const 0) (i32.const 280) (i32.const 9)) (return)))
    (call $exit (i32.const -1003))))
