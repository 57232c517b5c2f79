#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Runs the built `blend` binary on small modules generated here with wabt's wat2wasm and checks
# stdout, stderr and the exit code of every scenario: exact lines where the output is fixed,
# a pattern where it holds a measured time. Expected numbers come from Wasm semantics
# (2 + 3 = 5, two's-complement wrap, the trap a program must hit), never from a previous run.
#
# usage: blend_cli_test.sh BLEND WAT2WASM [FILTER]   (FILTER: run only cases whose name contains it)
set -uo pipefail

BLEND=${1:?usage: blend_cli_test.sh BLEND WAT2WASM [FILTER]}
WAT2WASM=${2:?usage: blend_cli_test.sh BLEND WAT2WASM [FILTER]}
FILTER=${3:-}

if [ ! -x "$BLEND" ]; then
    echo "FAIL: the blend binary $BLEND does not exist (build the 'blend' target)"
    exit 1
fi
if [ ! -x "$WAT2WASM" ]; then
    echo "FAIL: wat2wasm not found ($WAT2WASM): install Debian's 'wabt' package (scripts/setup.sh does)"
    exit 1
fi

BLEND=$(realpath "$BLEND")
WAT2WASM=$(realpath "$WAT2WASM")
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
cd "$WORK" || exit 1

passed=0
failed=0
OUT=""
ERR=""
RC=0

run() {
    "$BLEND" "$@" >"$WORK/.out" 2>"$WORK/.err"
    RC=$?
    OUT=$(cat "$WORK/.out")
    ERR=$(cat "$WORK/.err")
}

selected() { [ -z "$FILTER" ] || [[ "$1" == *"$FILTER"* ]]; }

report() {  # name ok detail
    if [ "$2" = 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "FAIL: $1"
        printf '%s\n' "$3"
    fi
}

# expect NAME RC STDOUT STDERR -- ARGS...: exact stdout, stderr and exit code.
expect() {
    local name=$1 rc=$2 out=$3 err=$4
    shift 5
    selected "$name" || return 0
    run "$@"
    if [ "$RC" = "$rc" ] && [ "$OUT" = "$out" ] && [ "$ERR" = "$err" ]; then
        report "$name" 1
    else
        report "$name" 0 "  command: blend $*
  expected rc=$rc stdout:
$out
  stderr:
$err
  got rc=$RC stdout:
$OUT
  stderr:
$ERR"
    fi
}

# expect_re NAME RC STDOUT_REGEX STDERR_REGEX -- ARGS...: whole-output extended regexes.
expect_re() {
    local name=$1 rc=$2 out=$3 err=$4
    shift 5
    selected "$name" || return 0
    run "$@"
    if [ "$RC" = "$rc" ] && [[ "$OUT" =~ ^$out$ ]] && [[ "$ERR" =~ ^$err$ ]]; then
        report "$name" 1
    else
        report "$name" 0 "  command: blend $*
  expected rc=$rc stdout =~ $out
  stderr =~ $err
  got rc=$RC stdout:
$OUT
  stderr:
$ERR"
    fi
}

# check NAME CONDITION-DESCRIPTION COMMAND...: a free-form assertion.
check() {
    local name=$1 what=$2
    shift 2
    selected "$name" || return 0
    if "$@"; then report "$name" 1; else report "$name" 0 "  expected: $what"; fi
}

wat() {  # wat NAME [wat2wasm flags] <<< text: NAME.wat -> NAME.wasm
    local name=$1
    shift
    cat >"$name.wat"
    if ! "$WAT2WASM" "$@" "$name.wat" -o "$name.wasm"; then
        echo "FAIL: wat2wasm could not build $name.wat (the test's own input)"
        exit 1
    fi
}

# ---- inputs --------------------------------------------------------------------------------
wat ops <<'EOF'
(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "echo") (param i64 f32 f64) (result i64 f32 f64) local.get 0 local.get 1 local.get 2)
  (func (export "mulf") (param f64 f64) (result f64) local.get 0 local.get 1 f64.mul)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "boom") unreachable)
  (func (export "spin") (loop br 0))
  (func (export "takes_ref") (param funcref))
  (global (export "g") i32 (i32.const 7)))
EOF
wat start_traps <<'EOF'
(module (func $s unreachable) (start $s) (func (export "f") (result i32) i32.const 1))
EOF
wat imports <<'EOF'
(module (import "env" "f" (func (param i32))) (import "env" "g" (func))
  (func (export "main") i32.const 1 call 0))
EOF
# A contract's imports (docs/abi.md section 1): `_input_size` is () -> i32 in the ABI.
wat abi_imports <<'EOF'
(module (import "fluentbase_v1preview" "_input_size" (func (result i32)))
  (func (export "main") call 0 drop))
EOF
wat abi_bad_signature <<'EOF'
(module (import "fluentbase_v1preview" "_input_size" (func (result i64)))
  (func (export "main") call 0 drop))
EOF
wat abi_memory_import <<'EOF'
(module (import "fluentbase_v1preview" "memory" (memory 1)))
EOF
# rWasm's 256-bit builtins (docs/rwasm-format.md 6.1) are not ABI host functions but compile.
wat u256_import <<'EOF'
(module (import "blend_u256" "mul" (func (param i32 i32 i32))) (memory 1)
  (func (export "main") i32.const 0 i32.const 32 i32.const 64 call 0))
EOF
wat u256_bad_signature <<'EOF'
(module (import "blend_u256" "mul" (func (param i32 i32))) (memory 1)
  (func (export "main") i32.const 0 i32.const 32 call 0))
EOF
wat simd <<'EOF'
(module (func (export "f") (result v128) v128.const i32x4 0 0 0 0))
EOF
wat tailcall --enable-tail-call <<'EOF'
(module (func (export "f") return_call 0))
EOF
wat threads --enable-threads <<'EOF'
(module (memory 1 1 shared))
EOF
wat invalid --no-check <<'EOF'
(module (func (result i32) i64.const 1))
EOF
# One function more than kMaxFunctions (rwasm/limits.hpp: 10,000).
{
    echo '(module'
    for ((i = 0; i < 10001; i++)); do echo '(func)'; done
    echo ')'
} | wat too_many_functions
head -c 20 ops.wasm >truncated.wasm
echo "just some text" >text.txt
printf '\xEF\x52\x02garbage' >corrupt.rwasm
mkdir adir
# One byte over each limit (rwasm/limits.hpp: kMaxWasmSize = 2 MiB, kMaxRwasmSize = 12 MiB).
{ printf '\x00asm\x01\x00\x00\x00'; head -c $((2 * 1024 * 1024 - 7)) /dev/zero; } >big.wasm
{ printf '\xEF\x52'; head -c $((12 * 1024 * 1024 - 1)) /dev/zero; } >big.rwasm
# A Wasm binary above the Wasm limit but below the rWasm one (run/disasm accept both kinds).
{ printf '\x00asm\x01\x00\x00\x00'; head -c $((3 * 1024 * 1024)) /dev/zero; } >mid.wasm

# The fuel a run reports as spent: the call plus instantiation.
fuel_total() {
    local total=0 n
    for n in $(sed -nE 's/^(fuel used|instantiation fuel): //p' <<<"$OUT"); do
        total=$((total + n))
    done
    echo "$total"
}

NOHOST='no host is attached to `blend rwasm run`'

# ---- blend, --help, --version, node ----------------------------------------------------------
expect_re version 0 'blend [0-9]+\.[0-9]+\.[0-9]+[^ ]* \(rWasm module format [0-9]+\)' '' -- --version
expect_re help 0 '.*Subcommands:.*rwasm .*node .*Exit codes: 0 success, 1 bad input.*2 the program trapped.*' '' -- --help
expect_re rwasm_help 0 '.*validate .*compile .*disasm .*run .*' '' -- rwasm --help
expect_re run_help 0 '.*FILE .*EXPORT .*ARGS .*--fuel UINT.*' '' -- rwasm run --help
expect_re no_subcommand 1 '' 'A subcommand is required.*' --
expect_re unknown_subcommand 1 '' 'The following argument was not expected: bogus.*' -- rwasm bogus
expect rwasm_no_subcommand 1 '' 'blend: error: `blend rwasm` needs a subcommand: validate, compile, disasm or run (see blend rwasm --help)' -- rwasm
# `blend node --help` documents the geth-like flags (scripts/start.sh probes it); bad flags fail.
expect_re node_help 0 '.*--config.*--datadir.*--genesis.*--dev\.period.*--http\.addr.*--http\.port.*--http\.api.*--http\.corsdomain.*--ws\.addr.*--ws\.port.*--authrpc\.addr.*--authrpc\.port.*--authrpc\.jwtsecret.*--log\.level.*' '' -- node --help
expect_re node_bad_port 1 '' 'blend: error: http\.port.*' -- node --dev --http.port 70000
expect node_no_genesis 1 '' 'blend: error: genesis: required option missing: required unless --dev' -- node --datadir "$WORK/nogen"

# ---- validate ----------------------------------------------------------------------------------
expect validate_ok 0 'valid' '' -- rwasm validate ops.wasm
expect validate_invalid 1 '' 'blend: error: invalid.wasm: invalid: operand types disagree with the instruction' -- rwasm validate invalid.wasm
expect validate_truncated 1 '' 'blend: error: truncated.wasm: malformed: the binary ends inside a construct' -- rwasm validate truncated.wasm
expect validate_simd 1 '' 'blend: error: simd.wasm: refused feature: SIMD (SIMD (0xFD prefix, v128) is out of scope)' -- rwasm validate simd.wasm
expect validate_tailcall 1 '' 'blend: error: tailcall.wasm: refused feature: tail calls (return_call* are out of scope)' -- rwasm validate tailcall.wasm
expect validate_threads 1 '' 'blend: error: threads.wasm: refused feature: threads (threads/atomics (0xFE prefix, shared memory) are out of scope)' -- rwasm validate threads.wasm
expect validate_missing 1 '' 'blend: error: nothere.wasm: no such file' -- rwasm validate nothere.wasm
expect validate_directory 1 '' 'blend: error: adir: not a regular file' -- rwasm validate adir
expect validate_text 1 '' 'blend: error: text.txt: not a Wasm binary (no 00 61 73 6D magic)' -- rwasm validate text.txt
expect validate_oversized 1 '' 'blend: error: big.wasm: 2097153 bytes is larger than the 2097152-byte limit' -- rwasm validate big.wasm
expect validate_over_limit 1 '' 'blend: error: too_many_functions.wasm: over a module size limit: a kMax* bound of limits.hpp' -- rwasm validate too_many_functions.wasm
expect_re validate_no_file 1 '' 'FILE is required.*' -- rwasm validate

# ---- compile -----------------------------------------------------------------------------------
wasm_size=$(stat -c %s ops.wasm)
selected compile_ok && {
    run rwasm compile ops.wasm -o ops.rwasm
    rwasm_size=$(stat -c %s ops.rwasm 2>/dev/null || echo missing)
    line1="wrote ops\.rwasm: $rwasm_size bytes \(from $wasm_size bytes of Wasm, [0-9]+ instructions\)"
    [[ "$RC" = 0 && -z "$ERR" && "$OUT" =~ ^$line1$'\n'compile\ time:\ [0-9]+\.[0-9]{3}\ ms\ \(parse,\ validate,\ compile,\ encode\)$ ]]
    report compile_ok $((! $?)) "  got rc=$RC stdout:
$OUT
  stderr:
$ERR"
}
check compile_magic "ops.rwasm starts with EF 52" \
    test "$(head -c 2 ops.rwasm | od -An -tx1 | tr -d ' ')" = "ef52"
expect compile_imports 1 '' 'blend: error: imports.wasm: cannot compile: the module imports function `env.f` (not a host function of the contract ABI)' -- rwasm compile imports.wasm -o imports.rwasm
check compile_imports_no_output "no output file after a failed compile" test ! -e imports.rwasm
expect_re compile_abi_imports 0 'wrote abi_imports.rwasm: [0-9]+ bytes .*' '' -- rwasm compile abi_imports.wasm -o abi_imports.rwasm
expect compile_abi_bad_signature 1 '' 'blend: error: abi_bad_signature.wasm: cannot compile: the module imports function `fluentbase_v1preview._input_size` with signature () -> (i64) (the ABI'"'"'s is () -> (i32))' -- rwasm compile abi_bad_signature.wasm -o x.rwasm
expect_re compile_u256_import 0 'wrote u256_import.rwasm: [0-9]+ bytes .*' '' -- rwasm compile u256_import.wasm -o u256_import.rwasm
expect compile_u256_bad_signature 1 '' 'blend: error: u256_bad_signature.wasm: cannot compile: an import whose type differs from the resolver'"'"'s' -- rwasm compile u256_bad_signature.wasm -o x.rwasm
expect compile_abi_memory_import 1 '' 'blend: error: abi_memory_import.wasm: cannot compile: the module imports memory `fluentbase_v1preview.memory` (contracts import functions only)' -- rwasm compile abi_memory_import.wasm -o x.rwasm
expect compile_simd 1 '' 'blend: error: simd.wasm: refused feature: SIMD (SIMD (0xFD prefix, v128) is out of scope)' -- rwasm compile simd.wasm -o simd.rwasm
expect compile_rwasm_input 1 '' 'blend: error: corrupt.rwasm: this is already an rWasm module (EF 52), not a Wasm binary' -- rwasm compile corrupt.rwasm -o x.rwasm
expect compile_unwritable 1 '' 'blend: error: no/such/dir/x.rwasm: cannot write' -- rwasm compile ops.wasm -o no/such/dir/x.rwasm
expect_re compile_no_output 1 '' '.*--output is required.*' -- rwasm compile ops.wasm
expect compile_missing 1 '' 'blend: error: nothere.wasm: no such file' -- rwasm compile nothere.wasm -o x.rwasm
expect compile_oversized 1 '' 'blend: error: big.wasm: 2097153 bytes is larger than the 2097152-byte limit' -- rwasm compile big.wasm -o x.rwasm

# ---- disasm ------------------------------------------------------------------------------------
selected disasm_wasm && {
    run rwasm disasm ops.wasm
    # The header names each export with its signature; the body has one line per instruction.
    ok=1
    [ "$RC" = 0 ] && [ -z "$ERR" ] || ok=0
    grep -qxE '; export "add": function 0 \(i32 i32\) -> \(i32\) pc [0-9]+' <<<"$OUT" || ok=0
    grep -qxE '; export "echo": function 2 \(i64 f32 f64\) -> \(i64 f32 f64\) pc [0-9]+' <<<"$OUT" || ok=0
    grep -qx '; export "g": global 0' <<<"$OUT" || ok=0
    grep -qxE ' +[0-9]+: Enter params=2 locals=0 max=[0-9]+' <<<"$OUT" || ok=0
    grep -qxE ' +[0-9]+: I32Add' <<<"$OUT" || ok=0
    grep -qxE ' +[0-9]+: I32DivS' <<<"$OUT" || ok=0
    grep -qxE ' +[0-9]+: Unreachable' <<<"$OUT" || ok=0
    report disasm_wasm $ok "  got rc=$RC stdout:
$OUT
  stderr:
$ERR"
}
selected disasm_rwasm_same && {
    run rwasm disasm ops.wasm
    from_wasm=$OUT
    run rwasm disasm ops.rwasm
    check disasm_rwasm_same "the disassembly of ops.rwasm equals that of ops.wasm (compiled first)" \
        test "$RC:$OUT" = "0:$from_wasm"
}
expect_re disasm_corrupt 1 '' 'blend: error: corrupt.rwasm: not a valid rWasm module: .+' -- rwasm disasm corrupt.rwasm
expect disasm_text 1 '' 'blend: error: text.txt: neither a Wasm binary (00 61 73 6D) nor an rWasm module (EF 52)' -- rwasm disasm text.txt
expect disasm_missing 1 '' 'blend: error: nothere.rwasm: no such file' -- rwasm disasm nothere.rwasm
expect disasm_oversized 1 '' 'blend: error: big.rwasm: 12582913 bytes is larger than the 12582912-byte limit' -- rwasm disasm big.rwasm
expect disasm_oversized_wasm 1 '' 'blend: error: mid.wasm: 3145736 bytes is larger than the 2097152-byte Wasm limit' -- rwasm disasm mid.wasm
expect disasm_imports 1 '' 'blend: error: imports.wasm: cannot compile: the module imports function `env.f` (not a host function of the contract ABI)' -- rwasm disasm imports.wasm

# ---- run: results ------------------------------------------------------------------------------
FUEL='fuel used: [0-9]+'$'\n''instantiation fuel: [0-9]+'
expect_re run_add 0 'result: i32 5 \(0x5\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add 2 3
expect_re run_add_rwasm 0 'result: i32 5 \(0x5\)'$'\n'"$FUEL" '' -- rwasm run ops.rwasm add 2 3
expect_re run_add_hex_negative 0 'result: i32 11 \(0xb\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add -5 0x10
expect_re run_add_after_dashdash 0 'result: i32 -12 \(0xfffffff4\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add -- -5 -7
expect_re run_add_wraps 0 'result: i32 -2147483648 \(0x80000000\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add 0x7fffffff 1
expect_re run_add_unsigned 0 'result: i32 0 \(0x0\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add 4294967295 1
expect_re run_add64 0 'result: i64 -9223372036854775808 \(0x8000000000000000\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add64 9223372036854775807 1
expect_re run_echo 0 'result: i64 -1 \(0xffffffffffffffff\)'$'\n''result: f32 1.5'$'\n''result: f64 -2.5e-07'$'\n'"$FUEL" '' -- rwasm run ops.wasm echo 0xffffffffffffffff 1.5 -2.5e-7
expect_re run_echo_special 0 'result: i64 0 \(0x0\)'$'\n''result: f32 nan \(0x7fc00000\)'$'\n''result: f64 -inf'$'\n'"$FUEL" '' -- rwasm run ops.wasm echo -- 0 nan -inf
expect_re run_mulf 0 'result: f64 7.5'$'\n'"$FUEL" '' -- rwasm run ops.wasm mulf 2.5 3
expect_re run_div 0 'result: i32 -3 \(0xfffffffd\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm div -7 2

# ---- run: traps (exit code 2) ------------------------------------------------------------------
expect_re run_unreachable 2 'trap: unreachable \(code 1\): `unreachable` executed'$'\n'"$FUEL" '' -- rwasm run ops.wasm boom
expect_re run_div_zero 2 'trap: integer_division_by_zero \(code 6\): div/rem by zero'$'\n'"$FUEL" '' -- rwasm run ops.wasm div 1 0
expect_re run_overflow 2 'trap: integer_overflow \(code 7\): INT_MIN / -1'$'\n'"$FUEL" '' -- rwasm run ops.wasm div 0x80000000 -1
expect_re run_out_of_fuel 2 'trap: out_of_fuel \(code 10\): the fuel limit was reached'$'\n'"$FUEL" '' -- rwasm run ops.wasm spin --fuel 1000
check run_out_of_fuel_all_spent "an infinite loop spends the whole --fuel budget (call + instantiation = 1000)" \
    test "$(fuel_total)" = 1000
expect_re run_start_traps 2 'trap during instantiation: unreachable \(code 1\): `unreachable` executed'$'\n''instantiation fuel: [0-9]+' '' -- rwasm run start_traps.wasm f
expect_re run_fuel_zero 2 'trap during instantiation: out_of_fuel \(code 10\): the fuel limit was reached'$'\n''instantiation fuel: 0' '' -- rwasm run ops.wasm add 1 2 --fuel 0
# The budget is exact: what a run reports as spent is enough, one unit less is not.
selected run_fuel_exact && {
    run rwasm run ops.wasm add 2 3
    total=$(fuel_total)
    expect_re run_fuel_exact 0 'result: i32 5 \(0x5\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add 2 3 --fuel "$total"
    expect_re run_fuel_exact_minus_one 2 'trap: out_of_fuel \(code 10\): the fuel limit was reached'$'\n'"$FUEL" '' -- rwasm run ops.wasm add 2 3 --fuel $((total - 1))
}

# ---- run: bad input (exit code 1) --------------------------------------------------------------
expect run_too_few_args 1 '' 'blend: error: "add" (i32 i32) -> (i32) takes 2 argument(s), 1 given' -- rwasm run ops.wasm add 1
expect run_too_many_args 1 '' 'blend: error: "add" (i32 i32) -> (i32) takes 2 argument(s), 3 given' -- rwasm run ops.wasm add 1 2 3
expect run_arg_not_number 1 '' 'blend: error: argument 2: "x" is not a valid i32 (decimal or 0x-hex)' -- rwasm run ops.wasm add 1 x
expect run_arg_float_for_int 1 '' 'blend: error: argument 1: "1.5" is not a valid i32 (decimal or 0x-hex)' -- rwasm run ops.wasm add 1.5 2
expect run_arg_i32_too_big 1 '' 'blend: error: argument 1: "4294967296" is not a valid i32 (decimal or 0x-hex)' -- rwasm run ops.wasm add 4294967296 2
expect run_arg_i32_too_small 1 '' 'blend: error: argument 2: "-2147483649" is not a valid i32 (decimal or 0x-hex)' -- rwasm run ops.wasm add 1 -2147483649
expect run_arg_i64_hex_too_long 1 '' 'blend: error: argument 1: "0x10000000000000000" is not a valid i64 (decimal or 0x-hex)' -- rwasm run ops.wasm add64 0x10000000000000000 1
expect run_arg_bad_hex 1 '' 'blend: error: argument 1: "0x" is not a valid i32 (decimal or 0x-hex)' -- rwasm run ops.wasm add 0x 1
expect run_arg_bad_float 1 '' 'blend: error: argument 2: "1.5.5" is not a valid f64 (decimal)' -- rwasm run ops.wasm mulf 1 1.5.5
expect run_arg_funcref 1 '' 'blend: error: argument 1: parameters of type funcref cannot be given on the command line' -- rwasm run ops.wasm takes_ref 0
expect run_unknown_export 1 '' 'blend: error: ops.wasm: no exported function "nope" (exported functions: add, add64, echo, mulf, div, boom, spin, takes_ref)' -- rwasm run ops.wasm nope
expect run_global_export 1 '' 'blend: error: ops.wasm: no exported function "g" (exported functions: add, add64, echo, mulf, div, boom, spin, takes_ref)' -- rwasm run ops.wasm g
expect run_imports 1 '' 'blend: error: imports.wasm: cannot compile: the module imports function `env.f` (not a host function of the contract ABI)' -- rwasm run imports.wasm main
expect run_abi_imports 1 '' 'blend: error: abi_imports.wasm: the module imports 1 host function(s); '"$NOHOST" -- rwasm run abi_imports.wasm main
expect run_missing 1 '' 'blend: error: nothere.wasm: no such file' -- rwasm run nothere.wasm add 1 2
expect run_directory 1 '' 'blend: error: adir: not a regular file' -- rwasm run adir add 1 2
expect run_text 1 '' 'blend: error: text.txt: neither a Wasm binary (00 61 73 6D) nor an rWasm module (EF 52)' -- rwasm run text.txt add 1 2
expect_re run_corrupt 1 '' 'blend: error: corrupt.rwasm: not a valid rWasm module: .+' -- rwasm run corrupt.rwasm add 1 2
expect run_simd 1 '' 'blend: error: simd.wasm: refused feature: SIMD (SIMD (0xFD prefix, v128) is out of scope)' -- rwasm run simd.wasm f
expect run_oversized 1 '' 'blend: error: big.rwasm: 12582913 bytes is larger than the 12582912-byte limit' -- rwasm run big.rwasm f
expect run_oversized_wasm 1 '' 'blend: error: mid.wasm: 3145736 bytes is larger than the 2097152-byte Wasm limit' -- rwasm run mid.wasm f
expect run_bad_fuel 1 '' 'blend: error: --fuel: "abc" is not a fuel amount (an unsigned 64-bit integer)' -- rwasm run ops.wasm add 1 2 --fuel abc
expect run_negative_fuel 1 '' 'blend: error: --fuel: "-5" is not a fuel amount (an unsigned 64-bit integer)' -- rwasm run ops.wasm add 1 2 --fuel -5
expect run_fuel_too_big 1 '' 'blend: error: --fuel: "18446744073709551616" is not a fuel amount (an unsigned 64-bit integer)' -- rwasm run ops.wasm add 1 2 --fuel 18446744073709551616
expect_re run_fuel_hex 0 'result: i32 3 \(0x3\)'$'\n'"$FUEL" '' -- rwasm run ops.wasm add 1 2 --fuel 0x100
expect_re run_no_export 1 '' 'EXPORT is required.*' -- rwasm run ops.wasm

# ---- genesis: dev genesis, hash, validate, accounts ---------------------------------------------
# Account 0 and 1 of the test mnemonic as ethers v6 derives them (HDNodeWallet.fromPhrase); the
# full cross-check against ethers and @ethereumjs is the genesis_clients test.
H64='0x[0-9a-f]{64}'
expect_re genesis_dev_out 0 "wrote dev.json \(chain id 1337, 20 accounts, genesis hash $H64\)" '' -- genesis dev --out dev.json
check genesis_dev_stdout_same "genesis dev prints the same JSON as --out writes" \
    bash -c '"$0" genesis dev | cmp -s - dev.json' "$BLEND"
expect_re genesis_hash_dev 0 "stateRoot=$H64"$'\n'"hash=$H64" '' -- genesis hash dev.json
dev_hash=$(sed -n 's/.*genesis hash \(0x[0-9a-f]*\)).*/\1/p' <<<"$("$BLEND" genesis dev --out dev2.json)")
check genesis_hash_matches_dev "blend genesis hash reports the hash genesis dev printed" \
    bash -c '[ "$("$0" genesis hash dev.json | sed -n "s/^hash=//p")" = "$1" ]' "$BLEND" "$dev_hash"
# 23 accounts and 3 code blobs: the 20 dev accounts, the EVM runtime and the EIP-4788 and EIP-2935
# system contracts every genesis holds.
expect_re genesis_validate_dev 0 "dev.json: valid: chain id 1337, 23 accounts, 0 storage slots, 3 code blobs, genesis hash $H64" '' -- genesis validate dev.json
# The same genesis with reordered keys and other whitespace has the same hash.
node -e 'const fs=require("fs");const d=JSON.parse(fs.readFileSync("dev.json"));const r={};for(const k of Object.keys(d).reverse())r[k]=d[k];fs.writeFileSync("reordered.json",JSON.stringify(r))' 2>/dev/null \
    || sed 's/^ *//' dev.json | tr -d '\n' >reordered.json
check genesis_hash_key_order "reordered/reformatted dev.json hashes the same" \
    bash -c '[ "$("$0" genesis hash dev.json)" = "$("$0" genesis hash reordered.json)" ]' "$BLEND"

sed 's/"pragueTime": 0/"pragueTime": 0, "osakaTime": 10/' dev.json >osaka.json
sed 's/"londonBlock": 0/"londonBlock": 5/' dev.json >london.json
sed 's/"gasLimit": "0x1c9c380"/"gasLimit": "0x1c9c380", "gaslimit": "0x1"/' dev.json >typo.json
sed 's/"balance": "0x21e19e0c9bab2400000"/"balance": "-1"/' dev.json >negative.json
printf '{"config": ' >broken.json
expect genesis_validate_missing 1 '' 'blend: error: missing.json: cannot read the file: no such regular file' -- genesis validate missing.json
expect_re genesis_validate_broken 1 '' 'blend: error: genesis: not valid JSON: .+' -- genesis validate broken.json
expect genesis_validate_osaka 1 '' 'blend: error: $.config.osakaTime: fork not supported: Blend executes Prague only: remove it (forks after Prague are not implemented)' -- genesis validate osaka.json
expect genesis_validate_london 1 '' 'blend: error: $.config.londonBlock: Blend executes Prague only: every fork up to Prague must be active at genesis: block 5, must be 0' -- genesis validate london.json
expect genesis_hash_typo 1 '' 'blend: error: $.gaslimit: unknown key' -- genesis hash typo.json
expect_re genesis_validate_negative 1 '' 'blend: error: \$\.alloc\.0x[0-9a-f]{40}\.balance: not an unsigned integer that fits the field: "-1": .+' -- genesis validate negative.json
expect genesis_dev_unwritable 1 '' 'blend: error: nodir/x.json: cannot open for writing' -- genesis dev --out nodir/x.json
expect_re genesis_hash_no_file 1 '' '.*FILE is required.*' -- genesis hash

expect genesis_accounts_two 0 '0 0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266 0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
1 0x70997970C51812dc3A010C7d01b50e0d17dc79C8 0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d' '' -- genesis accounts --count 2
expect genesis_accounts_checksum 1 '' 'blend: error: --mnemonic: the BIP-39 checksum does not match' -- genesis accounts --mnemonic "test test test test test test test test test test test test"
expect genesis_accounts_words 1 '' 'blend: error: --mnemonic: a BIP-39 mnemonic has 12, 15, 18, 21 or 24 words' -- genesis accounts --mnemonic "test test"
expect_re genesis_accounts_zero 1 '' '.*--count.*' -- genesis accounts --count 0

# ---- config -------------------------------------------------------------------------------------
expect_re config_show_dev 0 '.*\[http\].*port = 8545.*' '' -- config show --dev
printf '[dev]\nenabled = true\n[http]\nport = 9000\n' >cfg.toml
expect_re config_show_file 0 '.*port = 9000.*' '' -- config show --config cfg.toml
expect_re config_show_flag_over_file 0 '.*port = 9100.*' '' -- config show --config cfg.toml --http.port 9100
expect config_show_no_genesis 1 '' 'blend: error: genesis: required option missing: required unless --dev' -- config show
expect config_show_port_range 1 '' 'blend: error: http.port: out of range: 70000 is outside [1, 65535]' -- config show --dev --http.port 70000
expect config_show_runtime 1 '' 'blend: error: runtime: not an allowed value: "jit" (one of: native, interpreter)' -- config show --dev --runtime jit
printf '[http]\nprot = 1\n' >typo.toml
expect config_show_file_typo 1 '' 'blend: error: http.prot: unknown option' -- config show --dev --config typo.toml
expect config_show_missing_file 1 '' 'blend: error: nothere.toml: cannot read the config file: no such regular file' -- config show --dev --config nothere.toml

echo "blend_cli_test: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
