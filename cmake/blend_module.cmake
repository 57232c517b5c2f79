# SPDX-License-Identifier: Apache-2.0
# One helper creates every module library, so that all of them share warnings,
# sanitizers and include roots. Sources are listed explicitly by each module.

# Warnings every target gets; errors in CI (BLEND_WERROR=ON).
function(blend_compile_options target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wshadow -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual
    -Wmissing-declarations -Wextra-semi -Wimplicit-fallthrough -Wformat=2)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -Wduplicated-cond -Wlogical-op)
  endif()
  # Unroll pragmas ("GCC unroll": u256 division, the IFMA kernel) are speed hints; clang under the
  # fuzz build's sanitizers cannot honour some and warns, which -Werror would make fatal.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    target_compile_options(${target} PRIVATE -Wno-pass-failed)
  endif()
  if(BLEND_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# The fuzz build instruments every library for coverage (fuzzer-no-link), not only the harness,
# so that libFuzzer is guided by the code under test.
if(BLEND_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

# A boolean true (-DBLEND_SANITIZE=ON) means the set CI runs; anything else is the -fsanitize= list.
set(_blend_sanitizers "${BLEND_SANITIZE}")
string(TOUPPER "${BLEND_SANITIZE}" _blend_sanitize_upper)
if(_blend_sanitize_upper MATCHES "^(ON|TRUE|YES|Y|1)$")
  set(_blend_sanitizers "address,undefined")
endif()
if(BLEND_SANITIZE)
  add_compile_options(-fsanitize=${_blend_sanitizers} -fno-omit-frame-pointer
                      -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${_blend_sanitizers})
endif()

# blend_add_module(<name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
# Creates the static library blend_<name> with include paths rooted at the repository.
function(blend_add_module name)
  cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(blend_${name} STATIC ${ARG_SOURCES})
  add_library(blend::${name} ALIAS blend_${name})
  target_include_directories(blend_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(blend_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  blend_compile_options(blend_${name})
endfunction()

# blend_add_test(<name> LABELS ... SOURCES ... DEPS ...)
# One Catch2 executable per module (tests/<module>), registered with ctest under its labels.
function(blend_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;LABELS;ARGS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} blend_catch_main)
  blend_compile_options(${name})
  add_test(NAME ${name} COMMAND ${name} ${ARG_ARGS})
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}"
    ENVIRONMENT "BLEND_CONFORMANCE_DIR=${BLEND_CONFORMANCE_DIR}")
endfunction()
