# SPDX-License-Identifier: Apache-2.0
# ctest ethers_transactions: generate transactions with ethers v6, then check them with
# blend-check-transactions. A missing node or tests/node_modules is a failure, not a skip:
# without them nothing has been checked.
# Variables: NODE, TESTS_DIR, CHECKER, OUT, SEED, COUNT.
if(NOT NODE OR NOT EXISTS "${NODE}")
  message(FATAL_ERROR "ethers_transactions: node (Node.js) not found; install Node.js >= 18 "
                      "and re-run cmake")
endif()
if(NOT EXISTS "${TESTS_DIR}/node_modules/ethers/package.json")
  message(FATAL_ERROR "ethers_transactions: ${TESTS_DIR}/node_modules/ethers is missing; "
                      "run `npm ci` in ${TESTS_DIR}")
endif()
execute_process(
  COMMAND "${NODE}" "${TESTS_DIR}/clients/transactions/generate.mjs" "${SEED}" "${OUT}" "${COUNT}"
  WORKING_DIRECTORY "${TESTS_DIR}"
  RESULT_VARIABLE generate_result)
if(NOT generate_result EQUAL 0)
  message(FATAL_ERROR "ethers_transactions: generate.mjs failed (${generate_result})")
endif()
execute_process(COMMAND "${CHECKER}" "${OUT}" RESULT_VARIABLE check_result)
if(NOT check_result EQUAL 0)
  message(FATAL_ERROR "ethers_transactions: blend-check-transactions failed (${check_result})")
endif()
