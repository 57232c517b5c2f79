// SPDX-License-Identifier: Apache-2.0
// End-to-end composability of Solidity and Wasm contracts in one chain (issue 7 item 5,
// docs/sdk.md "Composability"). Starts `blend node --dev` on free loopback ports, compiles the
// Solidity contracts of examples/contracts/solidity with solc from npm (standard JSON, Cancun),
// deploys them and the Wasm contracts of examples/contracts/{math,vault,hop} with plain
// transactions, and checks with ethers v6:
//   1. Solidity -> Wasm: MathUser calls the Wasm math contract through the Solidity ABI, stores and
//      emits its answers; Wasm reverts reach the RPC caller as Error(string) / Panic(uint256);
//      a view call into Wasm is a STATICCALL.
//   2. Wasm -> Solidity: the Wasm vault reads balanceOf and calls transfer of a Solidity ERC-20;
//      the token's Transfer log is in the receipt with the token as emitter, balances add up.
//   3. Reverts roll back only the callee: Solidity try/catch around a reverting Wasm call keeps
//      its own writes and drops the Wasm writes and log; a Wasm caller of a reverting Solidity
//      contract sees status -1 and the revert data, keeps its own write, the callee's is gone;
//      also: the static context and EIP-150 gas caps crossing VMs, value sent from Wasm to a
//      payable Solidity function (and kept on a revert), CREATE of a Solidity contract by Wasm,
//      EXTCODESIZE/EXTCODEHASH of Wasm code.
//   4. One transaction crosses VMs several times (Solidity -> Wasm -> Solidity -> Wasm), a
//      reentrant chain (A -> W -> A -> W), and a transient-storage reentrancy lock that holds
//      across the Wasm frame in between.
// Every expected value is computed here from the inputs (BigInt arithmetic, ethers' ABI coder),
// never taken from an earlier run.
//   node e2e_composability.mjs <blend binary> <directory of the built .wasm contracts>
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ethers } from "ethers";
import solc from "solc";
import { devProvider, rpcRaw, startDevNode } from "./lib/dev_node.mjs";

const [blend, contractsDir] = process.argv.slice(2);
if (!blend || !contractsDir) {
  console.error("usage: node e2e_composability.mjs <blend> <contracts dir>");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const solidityDir = path.resolve(here, "../../examples/contracts/solidity");
const wasmNames = ["math", "vault", "hop"];
for (const name of wasmNames) {
  const file = path.join(contractsDir, `${name}.wasm`);
  if (!fs.existsSync(file)) {
    console.error(`e2e_composability: ${file} is missing (build target wasm_contract_${name})`);
    process.exit(1);
  }
}

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : " " + detail}`);
  if (!ok) failures++;
}
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x));

// ---- Solidity, compiled now ----------------------------------------------------------------------

function compileSolidity() {
  const sources = {};
  for (const f of fs.readdirSync(solidityDir).filter((x) => x.endsWith(".sol")).sort())
    sources[f] = { content: fs.readFileSync(path.join(solidityDir, f), "utf8") };
  const input = {
    language: "Solidity",
    sources,
    settings: {
      // The EVM runtime implements Cancun and Prague (issue 7 item 1); TSTORE/TLOAD need Cancun.
      evmVersion: "cancun",
      optimizer: { enabled: true, runs: 200 },
      outputSelection: { "*": { "*": ["abi", "evm.bytecode.object"] } },
    },
  };
  const out = JSON.parse(solc.compile(JSON.stringify(input)));
  const errors = (out.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length !== 0)
    throw new Error(`solc ${solc.version()}: ${errors.map((e) => e.formattedMessage).join("\n")}`);
  const result = {};
  for (const [file, contracts] of Object.entries(out.contracts))
    for (const [name, c] of Object.entries(contracts))
      result[name] = { abi: c.abi, bytecode: "0x" + c.evm.bytecode.object, file };
  return result;
}

// ---- the node ----------------------------------------------------------------------------------

// tests/node/lib/dev_node.mjs starts it; one datadir for both runs (the restart below continues
// the chain), fresh ports for each.
const datadir = fs.mkdtempSync(path.join(os.tmpdir(), "blend-compose-"));
let node = null;
const rpc = (method, params = []) => rpcRaw(node.url, method, params);

// ---- helpers -----------------------------------------------------------------------------------

const coder = ethers.AbiCoder.defaultAbiCoder();
const selectorOf = (sig) => ethers.id(sig).slice(0, 10);
/// Revert data of a custom error / Error(string) / Panic(uint256), built by ethers from the inputs.
const errorData = (sig, types, values) => ethers.concat([selectorOf(sig), coder.encode(types, values)]);
const errorString = (msg) => errorData("Error(string)", ["string"], [msg]);
const panic = (code) => errorData("Panic(uint256)", ["uint256"], [code]);
const kPanicArithmetic = 0x11; // solc: arithmetic overflow or underflow
const eq = (a, b) => a.toLowerCase() === b.toLowerCase();

/// The revert data of a call that must revert (eth_call), or null if it succeeded.
async function revertDataOf(promise) {
  try {
    await promise;
    return null;
  } catch (e) {
    return e.data ?? e.info?.error?.data ?? `no revert data: ${e.message}`;
  }
}

/// Sends a transaction that must be mined with status 1 and returns its receipt.
async function mined(txPromise) {
  const tx = await txPromise;
  return tx.wait(1, 30000);
}

/// Logs of a receipt as [emitter, parsed] with the interface of the emitter's contract.
function parsedLogs(receipt, byAddress) {
  return receipt.logs.map((l) => {
    const c = byAddress.get(l.address.toLowerCase());
    return { address: l.address, parsed: c ? c.interface.parseLog(l) : null, raw: l };
  });
}

try {
  node = await startDevNode(blend, { datadir });
  const provider = devProvider(node.url);
  // Dev accounts 0 and 1 of the standard test mnemonic (docs/node.md).
  const wallet = new ethers.Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", provider);
  const other = new ethers.Wallet("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d", provider);
  const alice = ethers.getAddress("0x00000000000000000000000000000000a11ce000");

  const sol = compileSolidity();
  check(`solc ${solc.version().split("+")[0]} compiled Hop, MathProxy, MathUser, Notary, SlotWriter, Token`,
    ["Hop", "MathProxy", "MathUser", "Notary", "SlotWriter", "Token"].every((n) => sol[n]?.bytecode.length > 2), Object.keys(sol).join(","));

  // Wasm contracts: the module is the deploy transaction's data (docs/abi.md §7).
  async function deployWasm(name, abi) {
    const code = "0x" + fs.readFileSync(path.join(contractsDir, `${name}.wasm`)).toString("hex");
    const receipt = await mined(wallet.sendTransaction({ data: code, gasLimit: 10_000_000 }));
    check(`Wasm ${name} deployed`, receipt.status === 1 && ethers.isAddress(receipt.contractAddress), show(receipt));
    return new ethers.Contract(receipt.contractAddress, abi, wallet);
  }
  async function deploySol(name, ...args) {
    const c = await new ethers.ContractFactory(sol[name].abi, sol[name].bytecode, wallet).deploy(...args);
    await c.waitForDeployment();
    const code = await provider.getCode(await c.getAddress());
    check(`Solidity ${name} deployed (eth_getCode is its runtime code)`, code.length > 2, code);
    return c;
  }

  const math = await deployWasm("math", [
    "function square(uint256) returns (uint256)", "function sum(uint256[]) returns (uint256)",
    "function checkedSub(uint256,uint256) returns (uint256)", "function ops() view returns (uint256)",
    "event Subtracted(address indexed by, uint256 a, uint256 b)"]);
  const vault = await deployWasm("vault", [
    "function owner() view returns (address)", "function holdings(address) view returns (uint256)",
    "function payout(address token, address to, uint256 amount) returns (uint256)",
    "function paidOut(address) view returns (uint256)",
    "function tryCall(address target, bytes data) payable returns (int32 status, bytes ret)",
    "function tryStaticCall(address target, bytes data) returns (int32 status, bytes ret)",
    "function tryDelegateCall(address target, bytes data) returns (int32 status, bytes ret)",
    "function deployContract(bytes initCode) returns (address)",
    "function attempts() view returns (uint256)", "function lastStatus() view returns (int32)",
    "event Paid(address indexed token, address indexed to, uint256 amount)",
    "error NotOwner(address caller)", "error InsufficientHoldings(uint256 have, uint256 want)"]);
  const hopAbi = ["function ping(address[] path, uint256 n) returns (uint256)",
    "function hits() view returns (uint256)", "function last() view returns (uint256)",
    "event Pinged(address indexed from, uint256 n)"];
  const hopW1 = await deployWasm("hop", hopAbi);
  const hopW2 = await deployWasm("hop", hopAbi);
  const mathUser = await deploySol("MathUser", await math.getAddress());
  const supply = ethers.parseEther("1000000");
  const token = await deploySol("Token", supply);
  const notaryLimit = 100n;
  const notary = await deploySol("Notary", notaryLimit);
  const mathProxy = await deploySol("MathProxy", await math.getAddress());
  const slotWriter = await deploySol("SlotWriter");
  const hopA = await deploySol("Hop", false);
  const hopC = await deploySol("Hop", false);
  const hopG = await deploySol("Hop", true);

  const A = {};
  const byAddress = new Map();
  for (const [k, c] of Object.entries({ math, vault, hopW1, hopW2, mathUser, mathProxy, token, notary, slotWriter, hopA, hopC, hopG })) {
    A[k] = await c.getAddress();
    byAddress.set(A[k].toLowerCase(), c);
  }

  // ---- 1. Solidity calls Wasm ------------------------------------------------------------------
  {
    const x = 12345n;
    const r = await mined(mathUser.useSquare(x));
    check("1 useSquare mined", r.status === 1);
    check("1 MathUser stored the Wasm answer 12345^2", (await mathUser.lastResult()) === x * x);
    const logs = parsedLogs(r, byAddress);
    check("1 receipt: one Used(\"square\", x^2) log emitted by MathUser",
      logs.length === 1 && eq(logs[0].address, A.mathUser) && logs[0].parsed?.name === "Used" &&
      logs[0].parsed.args.op === "square" && logs[0].parsed.args.result === x * x, show(r.logs));

    const big = (1n << 128n) - 1n; // the largest x whose square fits (U256 multiply in Wasm)
    check("1 eth_call useSquare(2^128-1) = (2^128-1)^2", (await mathUser.useSquare.staticCall(big)) === big * big);
    check("1 Wasm Error(string) reaches the RPC caller through Solidity: useSquare(2^128)",
      (await revertDataOf(mathUser.useSquare.staticCall(1n << 128n))) === errorString("math: overflow"));

    const xs = [1n, 2n ** 200n, 3n, 2n ** 255n];
    const rs = await mined(mathUser.useSum(xs));
    const total = xs.reduce((a, b) => a + b, 0n);
    check("1 useSum(uint256[]) across VMs stores the sum", rs.status === 1 && (await mathUser.lastResult()) === total);
    check("1 Wasm Panic(0x11) on overflow reaches the RPC caller",
      (await revertDataOf(mathUser.useSum.staticCall([ethers.MaxUint256, 1n]))) === panic(kPanicArithmetic));
    check("1 unknown selector into Wasm reverts with empty data (solc dispatcher behaviour)",
      (await revertDataOf(provider.call({ to: A.math, data: "0xdeadbeef" }))) === "0x");

    // EXTCODESIZE / EXTCODEHASH from Solidity agree with eth_getCode, for Wasm and EVM code.
    for (const [name, addr] of [["Wasm math", A.math], ["Solidity Token", A.token]]) {
      const code = await provider.getCode(addr);
      const [size, hash] = await mathUser.codeOf(addr);
      check(`1 EXTCODESIZE/EXTCODEHASH of ${name} match eth_getCode (${ethers.dataLength(code)} bytes)`,
        size === BigInt(ethers.dataLength(code)) && hash === ethers.keccak256(code), show([size, hash]));
    }
  }

  // ---- 3a. Solidity catches a Wasm revert ------------------------------------------------------
  {
    const ok = await mined(mathUser.trySub(10n, 3n));
    check("3a trySub(10, 3) mined", ok.status === 1);
    check("3a MathUser stored 7", (await mathUser.lastResult()) === 7n);
    check("3a Wasm ops() counted one call", (await math.ops()) === 1n);
    const logs = parsedLogs(ok, byAddress);
    check("3a receipt: Subtracted by math (by = MathUser, 10, 3), then Used by MathUser",
      logs.length === 2 && eq(logs[0].address, A.math) && logs[0].parsed?.name === "Subtracted" &&
      eq(logs[0].parsed.args.by, A.mathUser) && logs[0].parsed.args.a === 10n && logs[0].parsed.args.b === 3n &&
      eq(logs[1].address, A.mathUser) && logs[1].parsed?.name === "Used" && logs[1].parsed.args.result === 7n,
      show(ok.logs));
    check("3a view into Wasm (STATICCALL) answers ops", (await mathUser.mathOps()) === 1n);

    // DELEGATECALL from Solidity into Wasm code: the Wasm code runs on the proxy's storage, logs
    // as the proxy and sees the proxy's caller.
    const asMath = new ethers.Contract(A.mathProxy, math.interface, wallet);
    const rp = await mined(asMath.checkedSub(9n, 4n));
    check("3a Solidity proxy DELEGATECALLs Wasm checkedSub: the proxy's slot 0 counts it, math's does not",
      rp.status === 1 && (await mathProxy.ops()) === 1n && (await math.ops()) === 1n);
    check("3a ... the Subtracted log is the proxy's, with by = the transaction's sender",
      rp.logs.length === 1 && eq(rp.logs[0].address, A.mathProxy) &&
      math.interface.parseLog(rp.logs[0])?.name === "Subtracted" &&
      eq(math.interface.parseLog(rp.logs[0]).args.by, wallet.address), show(rp.logs));
    check("3a ... and its answer comes back through the proxy (eth_call 9 - 4 = 5)",
      (await asMath.checkedSub.staticCall(9n, 4n)) === 5n);
    check("3a ... a Wasm revert under DELEGATECALL comes back through the proxy",
      (await revertDataOf(asMath.checkedSub.staticCall(4n, 9n))) === errorString("math: underflow"));

    const bad = await mined(mathUser.trySub(3n, 10n));
    check("3a trySub(3, 10) mined with status 1 (the revert is caught)", bad.status === 1);
    check("3a Solidity's write before the call stays (attempts = 2)", (await mathUser.attempts()) === 2n);
    check("3a the catch recorded failures = 1", (await mathUser.failures()) === 1n);
    check("3a the catch got the Wasm revert reason", (await mathUser.lastError()) === "math: underflow");
    check("3a the Wasm write was rolled back (ops still 1)", (await math.ops()) === 1n);
    check("3a lastResult unchanged (7)", (await mathUser.lastResult()) === 7n);
    const badLogs = parsedLogs(bad, byAddress);
    check("3a receipt: only Failed(\"math: underflow\"); the Wasm Subtracted log is gone",
      badLogs.length === 1 && eq(badLogs[0].address, A.mathUser) && badLogs[0].parsed?.name === "Failed" &&
      badLogs[0].parsed.args.reason === "math: underflow", show(bad.logs));

    // The static context reaches the Wasm frame: its storage write under STATICCALL fails.
    const st = await mined(mathUser.staticSub(10n, 3n));
    check("3a STATICCALL of the writing Wasm checkedSub fails (lastStaticOk false), tx mined",
      st.status === 1 && (await mathUser.lastStaticOk()) === false);
    check("3a ... and leaves no write and no log of the Wasm side",
      (await math.ops()) === 1n && st.logs.length === 0, show(st.logs));

    // A gas cap on a call into Wasm (EIP-150): too little fails only the callee.
    const txGas = 2_000_000n;
    const capped = await mined(mathUser.trySquareWithGas(3n, 500n, { gasLimit: txGas }));
    check("3a square{gas: 500} into Wasm fails with empty data, the caller goes on",
      capped.status === 1 && (await mathUser.failures()) === 2n && (await mathUser.lastFailureSize()) === 0n &&
      (await mathUser.attempts()) === 3n);
    console.log(`info 3a gas used by trySquareWithGas(3, 500): ${capped.gasUsed}`);
    check("3a ... and the callee's out-of-gas did not take the transaction's gas (used < 150000)",
      capped.gasUsed < 150_000n, `${capped.gasUsed} of ${txGas}`);
    // A fixed limit: the catch swallows an out-of-gas callee (see 3b on eth_estimateGas).
    const enough = await mined(mathUser.trySquareWithGas(3n, 200_000n, { gasLimit: txGas }));
    check("3a square{gas: 200000} into Wasm succeeds and stores 9",
      enough.status === 1 && (await mathUser.lastResult()) === 9n && (await mathUser.failures()) === 2n);
  }

  // ---- 2. Wasm calls a Solidity ERC-20 ---------------------------------------------------------
  {
    const funded = ethers.parseEther("1000");
    await mined(token.transfer(A.vault, funded));
    check("2 vault owner is the deployer (set by the Wasm deploy entry)", eq(await vault.owner(), wallet.address));
    check("2 vault.holdings (Wasm STATIC_CALL of Solidity balanceOf) = 1000",
      (await vault.holdings(A.token)) === funded);

    const amount = ethers.parseEther("250");
    check("2 eth_call payout answers the holdings left (750)",
      (await vault.payout.staticCall(A.token, alice, amount)) === funded - amount);
    const r = await mined(vault.payout(A.token, alice, amount));
    check("2 payout mined", r.status === 1, show(r));
    const logs = parsedLogs(r, byAddress);
    check("2 receipt: Transfer(vault, alice, 250) emitted by the Solidity token, then Paid by the vault",
      logs.length === 2 && eq(logs[0].address, A.token) && logs[0].parsed?.name === "Transfer" &&
      eq(logs[0].parsed.args.from, A.vault) && eq(logs[0].parsed.args.to, alice) &&
      logs[0].parsed.args.value === amount &&
      eq(logs[1].address, A.vault) && logs[1].parsed?.name === "Paid" && eq(logs[1].parsed.args.token, A.token) &&
      eq(logs[1].parsed.args.to, alice) && logs[1].parsed.args.amount === amount, show(r.logs));
    check("2 token balance of the vault is 750", (await token.balanceOf(A.vault)) === funded - amount);
    check("2 token balance of alice is 250", (await token.balanceOf(alice)) === amount);
    check("2 token balance of the deployer is supply - 1000", (await token.balanceOf(wallet.address)) === supply - funded);
    check("2 total supply unchanged", (await token.totalSupply()) === supply);
    check("2 vault.paidOut(token) = 250", (await vault.paidOut(A.token)) === amount);
    check("2 eth_getLogs finds the token's Transfer to alice",
      (await token.queryFilter(token.filters.Transfer(A.vault, alice))).length === 1);

    check("2 payout by a non-owner reverts NotOwner(caller)",
      (await revertDataOf(vault.connect(other).payout.staticCall(A.token, alice, 1n))) ===
      errorData("NotOwner(address)", ["address"], [other.address]));
    const want = funded - amount + 1n;
    check("2 payout above the holdings reverts InsufficientHoldings(750, 750+1 wei)",
      (await revertDataOf(vault.payout.staticCall(A.token, alice, want))) ===
      errorData("InsufficientHoldings(uint256,uint256)", ["uint256", "uint256"], [funded - amount, want]));
  }

  // ---- 3b. Wasm sees a Solidity revert ---------------------------------------------------------
  {
    // vault.tryCall swallows its callee's failure, so eth_estimateGas (the lowest limit at which
    // the transaction succeeds, as geth computes it) may leave the callee out of gas: with the
    // estimate, a tryDelegateCall of SlotWriter.writeAt was mined with status 1 and no write.
    // These transactions get a limit with room, as a wallet's margin would give.
    const swallowing = { gasLimit: 1_000_000 };
    const good = notary.interface.encodeFunctionData("note", [5n]);
    const [st0, ret0] = await vault.tryCall.staticCall(A.notary, good);
    check("3b eth_call tryCall(notary.note(5)) = (0, abi(1))", st0 === 0n && ret0 === coder.encode(["uint256"], [1n]),
      show([st0, ret0]));
    const r1 = await mined(vault.tryCall(A.notary, good, swallowing));
    check("3b tryCall(note(5)) mined; notary noted 5 once", r1.status === 1 && (await notary.notes()) === 1n &&
      (await notary.lastNote()) === 5n);
    const l1 = parsedLogs(r1, byAddress);
    check("3b receipt: Noted(by = vault, 5) emitted by the notary",
      l1.length === 1 && eq(l1[0].address, A.notary) && l1[0].parsed?.name === "Noted" &&
      eq(l1[0].parsed.args.by, A.vault) && l1[0].parsed.args.value === 5n, show(r1.logs));
    check("3b vault: attempts 1, lastStatus 0", (await vault.attempts()) === 1n && (await vault.lastStatus()) === 0n);

    const tooLarge = notary.interface.encodeFunctionData("note", [500n]);
    const expected = errorData("TooLarge(uint256,uint256)", ["uint256", "uint256"], [500n, notaryLimit]);
    const [st1, ret1] = await vault.tryCall.staticCall(A.notary, tooLarge);
    check("3b the Wasm caller sees status -1 and the Solidity revert data TooLarge(500, 100)",
      st1 === -1n && ret1 === expected, show([st1, ret1]));
    const r2 = await mined(vault.tryCall(A.notary, tooLarge, swallowing));
    check("3b tryCall(note(500)) mined with status 1 (the vault does not revert)", r2.status === 1);
    check("3b the vault's write before the call stays (attempts 2)", (await vault.attempts()) === 2n);
    check("3b the vault recorded lastStatus -1", (await vault.lastStatus()) === -1n);
    check("3b the notary's writes are gone (notes 1, lastNote 5)",
      (await notary.notes()) === 1n && (await notary.lastNote()) === 5n);
    check("3b receipt has no log (the notary's Noted was rolled back)", r2.logs.length === 0, show(r2.logs));

    // A revert of the Solidity ERC-20, seen by the Wasm caller.
    const held = await token.balanceOf(A.vault);
    const tooMuch = held + 1n;
    const [st2, ret2] = await vault.tryCall.staticCall(A.token,
      token.interface.encodeFunctionData("transfer", [alice, tooMuch]));
    check("3b the ERC-20's InsufficientBalance(vault, held, held+1) reaches the Wasm caller",
      st2 === -1n && ret2 === errorData("InsufficientBalance(address,uint256,uint256)",
        ["address", "uint256", "uint256"], [A.vault, held, tooMuch]), show([st2, ret2]));

    // Value across VMs: the Wasm vault forwards what it received to a payable Solidity function.
    const tipData = notary.interface.encodeFunctionData("tip");
    const one = ethers.parseEther("1");
    const vaultBal0 = await provider.getBalance(A.vault);
    const notaryBal0 = await provider.getBalance(A.notary);
    const rt = await mined(vault.tryCall(A.notary, tipData, { ...swallowing, value: one }));
    const lt = parsedLogs(rt, byAddress);
    check("3b value: Wasm -> Solidity tip() of 1 ETH arrives as msg.value (tips, balance, Tipped(by = vault))",
      rt.status === 1 && (await notary.tips()) === one && (await provider.getBalance(A.notary)) === notaryBal0 + one &&
      lt.length === 1 && eq(lt[0].address, A.notary) && lt[0].parsed?.name === "Tipped" &&
      eq(lt[0].parsed.args.by, A.vault) && lt[0].parsed.args.value === one, show(rt.logs));
    check("3b value: the vault kept nothing of it", (await provider.getBalance(A.vault)) === vaultBal0);
    const two = ethers.parseEther("2");
    const rv = await mined(vault.tryCall(A.notary, tooLarge, { ...swallowing, value: two }));
    check("3b value: a reverted callee returns the 2 ETH to the Wasm caller",
      rv.status === 1 && (await provider.getBalance(A.vault)) === vaultBal0 + two &&
      (await provider.getBalance(A.notary)) === notaryBal0 + one && (await vault.lastStatus()) === -1n);

    // The static context reaches a Solidity callee of Wasm: its SSTORE under STATIC_CALL halts.
    const [st3, ret3] = await vault.tryStaticCall.staticCall(A.notary,
      notary.interface.encodeFunctionData("note", [1n]));
    console.log(`info 3b static SSTORE in Solidity under a Wasm STATIC_CALL: exit code ${st3}`);
    check("3b Wasm STATIC_CALL of a writing Solidity function fails (an exceptional halt, not a revert: no data)",
      st3 < 0n && st3 !== -1n && ret3 === "0x", show([st3, ret3]));
    const [st4, ret4] = await vault.tryStaticCall.staticCall(A.token,
      token.interface.encodeFunctionData("balanceOf", [A.vault]));
    check("3b Wasm STATIC_CALL of a Solidity view answers (0, balanceOf)",
      st4 === 0n && ret4 === coder.encode(["uint256"], [held]), show([st4, ret4]));

    // DELEGATECALL from Wasm into Solidity code: the EVM code runs on the vault's storage.
    const slot = 1000n;
    const value = 0xc0ffeen;
    const rd = await mined(vault.tryDelegateCall(A.slotWriter,
      slotWriter.interface.encodeFunctionData("writeAt", [slot, value]), swallowing));
    check("3b Wasm DELEGATE_CALL of Solidity writeAt: the write lands in the vault's storage, not the writer's",
      rd.status === 1 && BigInt(await provider.getStorage(A.vault, slot)) === value &&
      BigInt(await provider.getStorage(A.slotWriter, slot)) === 0n);
    check("3b ... its Wrote log is the vault's, with address(this) = vault and msg.sender = the sender",
      rd.logs.length === 1 && eq(rd.logs[0].address, A.vault) &&
      (() => {
        const w = slotWriter.interface.parseLog(rd.logs[0]);
        return w?.name === "Wrote" && eq(w.args.self, A.vault) && eq(w.args.sender, wallet.address) &&
          w.args.slot === slot && w.args.value === value;
      })(), show(rd.logs));

    // CREATE from Wasm with EVM init code deploys a Solidity contract at Ethereum's address.
    const init = (await new ethers.ContractFactory(sol.Notary.abi, sol.Notary.bytecode).getDeployTransaction(7n)).data;
    const vaultNonce = await provider.getTransactionCount(A.vault);
    const predicted = ethers.getCreateAddress({ from: A.vault, nonce: vaultNonce });
    check("3b eth_call vault.deployContract(Notary(7)) answers keccak(rlp(vault, nonce))",
      eq(await vault.deployContract.staticCall(init), predicted));
    const rc = await mined(vault.deployContract(init));
    const created = new ethers.Contract(predicted, sol.Notary.abi, wallet);
    check("3b the Solidity contract created by Wasm works (limit 7) and the vault's nonce went up by 1",
      rc.status === 1 && (await created.limit()) === 7n &&
      (await provider.getTransactionCount(A.vault)) === vaultNonce + 1);
  }

  // ---- 4. one transaction crosses VMs several times --------------------------------------------
  {
    // n + 10 * answer of the next hop: with n = 1..4 along the path, the answer spells 4321.
    const expectedAnswer = (ns) => ns.reduceRight((acc, n, i) => (i === ns.length - 1 ? n : n + 10n * acc), 0n);
    const path1 = [A.hopW1, A.hopC, A.hopW2];
    check("4 eth_call Solidity -> Wasm -> Solidity -> Wasm answers 4321",
      (await hopA.ping.staticCall(path1, 1n)) === expectedAnswer([1n, 2n, 3n, 4n]));
    const r = await mined(hopA.ping(path1, 1n));
    check("4 the chain transaction mined", r.status === 1, show(r));
    const logs = parsedLogs(r, byAddress);
    const emitters = [A.hopA, A.hopW1, A.hopC, A.hopW2];
    const froms = [wallet.address, A.hopA, A.hopW1, A.hopC];
    check("4 receipt: Pinged by A, W1, C, W2 in call order, each from its caller, n = 1..4",
      logs.length === 4 && logs.every((l, i) => eq(l.address, emitters[i]) && l.parsed?.name === "Pinged" &&
        eq(l.parsed.args.from, froms[i]) && l.parsed.args.n === BigInt(i + 1)), show(r.logs));
    const w1Logs = await hopW1.queryFilter(hopW1.filters.Pinged(A.hopA), r.blockNumber, r.blockNumber);
    check("4 eth_getLogs with a topic filter finds the Wasm hop's Pinged(from = A, 2)",
      w1Logs.length === 1 && w1Logs[0].transactionHash === r.hash && w1Logs[0].args.n === 2n, show(w1Logs));
    const states = await Promise.all([hopA, hopW1, hopC, hopW2].map(async (c) => [await c.hits(), await c.last()]));
    check("4 every hop's state changed once (hits 1, last = its n)",
      states.every(([h, l], i) => h === 1n && l === BigInt(i + 1)), show(states));

    // Reentrancy: A -> W1 -> A -> W1; the inner frames overwrite last.
    const path2 = [A.hopW1, A.hopA, A.hopW1];
    const r2 = await mined(hopA.ping(path2, 5n));
    check("4 reentrant A -> W1 -> A -> W1 mined", r2.status === 1);
    const l2 = parsedLogs(r2, byAddress);
    const emit2 = [A.hopA, A.hopW1, A.hopA, A.hopW1];
    const from2 = [wallet.address, A.hopA, A.hopW1, A.hopA];
    check("4 reentrant receipt: Pinged by A, W1, A, W1 with n = 5..8",
      l2.length === 4 && l2.every((l, i) => eq(l.address, emit2[i]) && eq(l.parsed?.args.from ?? "", from2[i]) &&
        l.parsed.args.n === BigInt(5 + i)), show(r2.logs));
    check("4 reentrant answer 8765 (eth_call on the state after)",
      (await hopA.ping.staticCall(path2, 5n)) === expectedAnswer([5n, 6n, 7n, 8n]));
    check("4 after reentry: A hits 3, last 7; W1 hits 3, last 8",
      (await hopA.hits()) === 3n && (await hopA.last()) === 7n && (await hopW1.hits()) === 3n &&
      (await hopW1.last()) === 8n);

    // A guarded Hop refuses reentry through a Wasm frame; the Wasm hop re-raises the revert.
    const w2Hits = await hopW2.hits();
    const path3 = [A.hopW2, A.hopG];
    check("4 guarded G -> W2 -> G reverts with Reentrant() (transient lock seen across Wasm)",
      (await revertDataOf(hopG.ping.staticCall(path3, 1n))) === selectorOf("Reentrant()"));
    let failedReceipt = null;
    try {
      await mined(hopG.ping(path3, 1n, { gasLimit: 3_000_000 }));
    } catch (e) {
      failedReceipt = e.receipt ?? null;
    }
    check("4 the guarded reentry transaction is mined with status 0",
      failedReceipt !== null && failedReceipt.status === 0 && failedReceipt.logs.length === 0, show(failedReceipt));
    check("4 nothing of it stays: G hits 0, W2 hits unchanged",
      (await hopG.hits()) === 0n && (await hopW2.hits()) === w2Hits);
    const r4 = await mined(hopG.ping([A.hopW2, A.hopC], 1n));
    check("4 guarded G -> W2 -> C (no reentry) mined; answers 321 by eth_call",
      r4.status === 1 && (await hopG.hits()) === 1n && (await hopG.ping.staticCall([A.hopW2, A.hopC], 1n)) === 321n);
  }

  // ---- both strategies agree -------------------------------------------------------------------
  // The same cross-VM calls at one fixed block, answered with the EVM runtime run natively (the
  // default) and, after a restart on the same datadir, interpreted (--runtime-strategy
  // interpreter): outputs and gas estimates must be identical (docs/abi.md §5: the runtime meters
  // EVM gas itself, so both strategies charge the same gas).
  {
    const block = ethers.toQuantity(await provider.getBlockNumber());
    const calls = [
      ["Solidity -> Wasm -> Solidity -> Wasm chain", A.hopA,
        hopA.interface.encodeFunctionData("ping", [[A.hopW1, A.hopC, A.hopW2], 1n])],
      ["Solidity try/catch of a Wasm revert", A.mathUser, mathUser.interface.encodeFunctionData("trySub", [1n, 2n])],
      ["Wasm payout through a Solidity ERC-20", A.vault,
        vault.interface.encodeFunctionData("payout", [A.token, alice, 1n])],
      ["Wasm sees a Solidity revert", A.vault, vault.interface.encodeFunctionData("tryCall",
        [A.notary, notary.interface.encodeFunctionData("note", [500n])])],
    ];
    const answer = async (to, data) => {
      const tx = { from: wallet.address, to, data };
      return show([(await rpc("eth_call", [tx, block])).result, (await rpc("eth_estimateGas", [tx, block])).result]);
    };
    const native = [];
    for (const [, to, data] of calls) native.push(await answer(to, data));
    provider.destroy();
    const stopped = await node.stop();
    check("SIGTERM stops the node with exit code 0", stopped.code === 0, show(stopped));
    node = await startDevNode(blend, { datadir, extra: ["--runtime-strategy", "interpreter"] });
    for (let i = 0; i < calls.length; i++) {
      const interp = await answer(calls[i][1], calls[i][2]);
      check(`strategies: ${calls[i][0]}: eth_call and eth_estimateGas at block ${block} equal natively and ` +
        "interpreted", interp === native[i] && !interp.includes("null"), `native ${native[i]} interpreted ${interp}`);
    }
  }
} catch (e) {
  check("no exception", false, `${e.stack}\nnode output:\n${node?.output ?? ""}`);
} finally {
  await node?.stop();
  fs.rmSync(datadir, { recursive: true, force: true });
}
console.log(`e2e_composability: ${failures === 0 ? "all passed" : failures + " failed"}`);
process.exit(failures === 0 ? 0 : 1);
