# SPDX-License-Identifier: Apache-2.0
# Contracts and runtimes are freestanding C++20 compiled to wasm32 with clang and linked by
# wasm-ld (lld); the node then compiles the .wasm to rWasm at deploy. g++ has no wasm32 backend,
# so this is a separate toolchain driven by custom commands, independent of CMAKE_CXX_COMPILER.
#
# blend_add_wasm_contract(<name> SOURCES <file>... [FLAGS <extra clang flag>...])
#   Builds ${CMAKE_BINARY_DIR}/contracts/<name>.wasm (custom target wasm_contract_<name>, part of
#   `all`). Also creates the static library blend_contract_<name> (alias blend::contract_<name>)
#   whose header "contracts/<name>_wasm.hpp" declares
#     std::span<const uint8_t> blend::contracts::<name>_wasm();
#   returning the module's bytes, and sets BLEND_WASM_CONTRACT_<name> to the .wasm path in the
#   caller's scope (for tests that read the file or pass it to the `blend` binary).

include_guard(GLOBAL)

find_program(BLEND_CONTRACT_CLANGXX NAMES clang++ clang++-14 clang++-15 clang++-16
             DOC "clang++ with the WebAssembly backend, for contracts (wasm32)")
find_program(BLEND_CONTRACT_WASM_LD NAMES wasm-ld wasm-ld-14 wasm-ld-15 wasm-ld-16
             DOC "wasm-ld from lld, the linker clang uses for wasm32")
if(NOT BLEND_CONTRACT_CLANGXX)
  message(FATAL_ERROR "wasm contracts need clang++ (Debian package `clang`); none was found. "
                      "Set BLEND_CONTRACT_CLANGXX to a clang++ with the WebAssembly target.")
endif()
if(NOT BLEND_CONTRACT_WASM_LD)
  message(FATAL_ERROR "wasm contracts need wasm-ld (Debian package `lld`); none was found. "
                      "Set BLEND_CONTRACT_WASM_LD to it.")
endif()

function(blend_add_wasm_contract name)
  cmake_parse_arguments(ARG "" "" "SOURCES;FLAGS" ${ARGN})
  # Flags every contract is built with, and why:
  # - wasm32 with clang's default (MVP) feature set: no bulk-memory, sign-ext or multi-value, so the
  #   module only uses what any Wasm 1.0 validator accepts;
  # - -ffreestanding -nostdlib -fno-exceptions -fno-rtti: no C or C++ runtime exists in a contract
  #   (the SDK supplies memcpy/memset and a bump allocator);
  # - --no-entry: a contract is a library of exports (`main`, `deploy`, docs/abi.md §7), no _start;
  #   the SDK's entry macros name the exports with export_name, so no --export flags are needed;
  # - imports carry import_module/import_name attributes (runtimes/sdk/sys.hpp), so an undefined
  #   function without them is a link error rather than a silently added import;
  # - stack-size 64 KiB placed first (--stack-first): a stack overflow traps on address < 0
  #   instead of silently overwriting static data;
  # - --strip-all drops the name section: deploy gas is charged per byte (docs/abi.md §7).
  set(BLEND_CONTRACT_CXXFLAGS
    --target=wasm32 -std=c++20 -O2 -ffreestanding -nostdlib -fno-exceptions -fno-rtti
    -fno-threadsafe-statics -fvisibility=hidden
    -Wall -Wextra -Wshadow -Wpedantic -Wextra-semi -Wimplicit-fallthrough)
  if(BLEND_WERROR)
    list(APPEND BLEND_CONTRACT_CXXFLAGS -Werror)
  endif()
  set(BLEND_CONTRACT_LDFLAGS
    -Wl,--no-entry -Wl,--stack-first -Wl,-z,stack-size=65536 -Wl,--strip-all)
  set(embed_script "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/wasm_contract_embed.cmake")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "blend_add_wasm_contract(${name}): SOURCES is required")
  endif()
  set(out_dir "${CMAKE_BINARY_DIR}/contracts")
  set(wasm "${out_dir}/${name}.wasm")
  set(sources "")
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND sources "${abs}")
  endforeach()
  # One clang invocation compiles and links (contracts are a file or two); the depfile lists the
  # SDK headers, so editing the SDK rebuilds every contract.
  add_custom_command(
    OUTPUT "${wasm}"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${out_dir}"
    COMMAND ${BLEND_CONTRACT_CLANGXX} ${BLEND_CONTRACT_CXXFLAGS} ${ARG_FLAGS}
            -I${PROJECT_SOURCE_DIR} -fuse-ld=${BLEND_CONTRACT_WASM_LD}
            -MD -MF "${wasm}.d"
            ${BLEND_CONTRACT_LDFLAGS} ${sources} -o "${wasm}"
    DEPENDS ${sources}
    DEPFILE "${wasm}.d"
    COMMENT "wasm32 contract ${name}.wasm"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  add_custom_target(wasm_contract_${name} ALL DEPENDS "${wasm}")

  # The bytes as a C++ array, for tests that deploy the contract without touching the file system.
  set(gen_dir "${CMAKE_BINARY_DIR}/generated")
  set(gen_cpp "${gen_dir}/contracts/${name}_wasm.cpp")
  set(gen_hpp "${gen_dir}/contracts/${name}_wasm.hpp")
  add_custom_command(
    OUTPUT "${gen_cpp}" "${gen_hpp}"
    COMMAND ${CMAKE_COMMAND} -DNAME=${name} -DINPUT=${wasm} -DOUT_CPP=${gen_cpp}
            -DOUT_HPP=${gen_hpp} -P "${embed_script}"
    DEPENDS "${wasm}" "${embed_script}"
    COMMENT "embedding ${name}.wasm"
    VERBATIM)
  add_library(blend_contract_${name} STATIC "${gen_cpp}" "${gen_hpp}")
  add_library(blend::contract_${name} ALIAS blend_contract_${name})
  target_include_directories(blend_contract_${name} PUBLIC "${gen_dir}")
  set(BLEND_WASM_CONTRACT_${name} "${wasm}" PARENT_SCOPE)
endfunction()
