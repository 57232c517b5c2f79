;; SPDX-License-Identifier: Apache-2.0
;; Imports a function the ABI does not have: the deploy must fail.
(module
  (import "fluentbase_v1preview" "_does_not_exist" (func $f))
  (func (export "main") (call $f)))
