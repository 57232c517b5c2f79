;; SPDX-License-Identifier: Apache-2.0
;; Hostile: an infinite loop.
(module
  (func (export "main") (loop $l (br $l))))
