# SPDX-License-Identifier: Apache-2.0
# Run by ctest (see CMakeLists.txt): cmake -DCLANGXX=... -DNM=... -DSOURCE_DIR=... -DWORK_DIR=...
#   -P check.cmake
# 1. Compiles every .hpp and .cpp under core/freestanding/ for wasm32, freestanding.
# 2. Compiles use_u256.cpp, which instantiates every U256 operation, and checks with llvm-nm that
#    the objects need no helper from compiler-rt or libc beyond memcpy/memset/memmove (clang lowers
#    128-bit multiplication to __multi3, which the freestanding runtime does not link).
cmake_minimum_required(VERSION 3.25)  # script mode needs the policies (IN_LIST)

if(NOT CLANGXX OR CLANGXX MATCHES "NOTFOUND")
  message(FATAL_ERROR "freestanding_headers: clang++ not found; install clang (scripts/setup.sh) "
                      "to check that core/freestanding/ builds for wasm32")
endif()
if(NOT NM OR NM MATCHES "NOTFOUND")
  message(FATAL_ERROR "freestanding_headers: llvm-nm not found; install llvm (comes with clang)")
endif()

set(flags --target=wasm32 -ffreestanding -nostdlib -fno-exceptions -fno-rtti -std=c++20 -O2
          -Wall -Wextra -Wpedantic -Werror -Wno-pragma-once-outside-header -I${SOURCE_DIR})
# Symbols a freestanding wasm32 runtime provides itself (C requires them even freestanding).
set(allowed_undefined memcpy memset memmove __stack_pointer)

file(MAKE_DIRECTORY ${WORK_DIR})
file(GLOB_RECURSE files RELATIVE ${SOURCE_DIR}
     ${SOURCE_DIR}/core/freestanding/*.hpp ${SOURCE_DIR}/core/freestanding/*.cpp)
list(SORT files)
list(APPEND files tests/core/freestanding_check/use_u256.cpp)

set(failed "")
set(count 0)
foreach(file IN LISTS files)
  string(REPLACE "/" "_" object ${file})
  set(object ${WORK_DIR}/${object}.o)
  execute_process(COMMAND ${CLANGXX} ${flags} -x c++ -c ${SOURCE_DIR}/${file} -o ${object}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message("FAIL ${file}: does not compile for wasm32 freestanding\n${out}${err}")
    list(APPEND failed ${file})
    continue()
  endif()
  execute_process(COMMAND ${NM} --undefined-only --format=just-symbols ${object}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE symbols ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message("FAIL ${file}: llvm-nm failed: ${err}")
    list(APPEND failed ${file})
    continue()
  endif()
  string(REPLACE "\n" ";" symbols "${symbols}")
  set(unexpected "")
  foreach(symbol IN LISTS symbols)
    if(symbol AND NOT symbol IN_LIST allowed_undefined)
      list(APPEND unexpected ${symbol})
    endif()
  endforeach()
  if(unexpected)
    message("FAIL ${file}: needs symbols a freestanding runtime lacks: ${unexpected}")
    list(APPEND failed ${file})
    continue()
  endif()
  message("ok   ${file}")
  math(EXPR count "${count} + 1")
endforeach()

if(failed)
  message(FATAL_ERROR "freestanding_headers: ${count} ok, failed: ${failed}")
endif()
message("freestanding_headers: ${count} files compile for wasm32 freestanding")
