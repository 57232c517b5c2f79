;; SPDX-License-Identifier: Apache-2.0
;; Imports _exit with a signature other than (i32) -> (): the deploy must fail.
(module
  (import "fluentbase_v1preview" "_exit" (func $exit (param i64)))
  (func (export "main") (call $exit (i64.const 0))))
