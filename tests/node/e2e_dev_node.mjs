// SPDX-License-Identifier: Apache-2.0
// End-to-end: starts `blend node --dev` on free loopback ports and drives it with ethers v6 as a
// wallet would: chain id, a dev account's balance, a transfer and its receipt, a Wasm contract
// (examples/contracts/counter) deployed with a plain eth_sendRawTransaction and called, a revert
// through eth_call, VM errors of eth_call / eth_estimateGas in geth's words ("invalid opcode:
// INVALID", "out of gas", "gas required exceeds allowance (N)", "stack underflow (1 <=> 2)",
// "invalid jump destination", and in debug_traceTransaction's callTracer, "write protection" too:
// checked natively and again after the restart with the runtimes interpreted), an EVM contract
// (hand-written bytecode, run by the EVM runtime in the STF) deployed, written and read, with eth_getCode showing its bytecode; then SIGTERM (clean exit)
// and a restart on the same datadir with --runtime-strategy interpreter, which must continue the
// same chain and read the EVM contract alike. The transaction pool as wallets see it: a
// nonce-gapped transaction waits (visible, not mined, not counted in the pending nonce) until the
// gap is filled; a replacement needs +10% on both fee caps (the original is never mined); geth's
// wording for "nonce too low", "replacement transaction underpriced" and "insufficient funds for
// gas * price + value"; newPendingTransactions over WebSocket; a queued local transaction
// survives the restart (the pool's journal) and is mined once its gap is filled.
// The Engine port of a --dev node answers reads and refuses forkchoiceUpdated (one writer).
// The node is started with tests/node/lib/dev_node.mjs (fresh ports on each start).
//   node e2e_dev_node.mjs <blend binary> <counter.wasm>
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { devProvider, receiptOf, rpcRaw, startDevNode } from "./lib/dev_node.mjs";

const [blend, counterWasm] = process.argv.slice(2);
if (!blend || !counterWasm) {
  console.error("usage: node e2e_dev_node.mjs <blend> <counter.wasm>");
  process.exit(2);
}
if (!fs.existsSync(counterWasm)) {
  console.error(`e2e: ${counterWasm} is missing (build target wasm_contract_counter)`);
  process.exit(1);
}

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : " " + detail}`);
  if (!ok) failures++;
}

// One datadir for both runs: the restart must continue the chain. Each start gets fresh ports
// (tests/node/lib/dev_node.mjs), so everything below goes through node.url / wsUrl / authUrl.
const datadir = fs.mkdtempSync(path.join(os.tmpdir(), "blend-e2e-"));
let node = null;
const rpc = (method, params = []) => rpcRaw(node.url, method, params);

try {
  node = await startDevNode(blend, { datadir, extra: ["--http.api", "eth,net,web3,debug"] });
  check("dev accounts printed with keys",
    node.output.includes("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266") &&
    node.output.includes("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80"));

  const provider = devProvider(node.url);
  const wallet = new ethers.Wallet("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", provider);
  const recipient = "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199"; // dev account 19

  const net_ = await provider.getNetwork();
  check("eth_chainId is 1337", net_.chainId === 1337n, String(net_.chainId));
  const startBalance = await provider.getBalance(wallet.address);
  check("dev account holds 10000 ETH", startBalance === ethers.parseEther("10000"), String(startBalance));

  // A transfer, and its receipt.
  const before = await provider.getBalance(recipient);
  const tx = await wallet.sendTransaction({ to: recipient, value: ethers.parseEther("1.5") });
  const receipt = await tx.wait(1, 30000);
  check("transfer mined with status 1", receipt && receipt.status === 1, JSON.stringify(receipt));
  check("transfer used 21000 gas", receipt.gasUsed === 21000n, String(receipt.gasUsed));
  const after = await provider.getBalance(recipient);
  check("recipient received 1.5 ETH", after - before === ethers.parseEther("1.5"), `${before} -> ${after}`);
  const sender = await provider.getBalance(wallet.address);
  check("sender paid value + gas × effective price",
    startBalance - sender === ethers.parseEther("1.5") + receipt.gasUsed * receipt.gasPrice,
    `${startBalance} -> ${sender}`);
  const byHash = await provider.getTransaction(tx.hash);
  check("eth_getTransactionByHash finds it in its block", byHash && byHash.blockNumber === receipt.blockNumber);
  const block = await provider.getBlock(receipt.blockNumber);
  check("the block lists the transaction", block && block.transactions.includes(tx.hash));
  check("nonce is 1 after one transaction", (await provider.getTransactionCount(wallet.address)) === 1);

  // A Wasm contract deployed with a plain eth_sendRawTransaction, then called.
  const code = "0x" + fs.readFileSync(counterWasm).toString("hex");
  const deploy = await wallet.signTransaction(await wallet.populateTransaction({ data: code, gasLimit: 5_000_000 }));
  const deployHash = await provider.send("eth_sendRawTransaction", [deploy]);
  const deployReceipt = await receiptOf(provider, deployHash);
  check("Wasm deploy mined with status 1", deployReceipt && deployReceipt.status === 1, JSON.stringify(deployReceipt));
  const counter = deployReceipt.contractAddress;
  check("receipt has the contract address", ethers.isAddress(counter), String(counter));
  check("eth_getCode of the contract is not empty", (await provider.getCode(counter)).length > 2);
  const counterAbi = ["function increment() returns (uint256)", "function get() view returns (uint256)",
    "event Incremented(address indexed by, uint256 value)"];
  const c = new ethers.Contract(counter, counterAbi, wallet);
  check("get() is 0 before any increment", (await c.get()) === 0n);
  const inc = await c.increment();
  const incReceipt = await inc.wait(1, 30000);
  check("increment() mined", incReceipt.status === 1);
  const parsed = incReceipt.logs.map((l) => c.interface.parseLog(l)).filter(Boolean);
  check("increment() logged Incremented(by, 1)", parsed.length === 1 && parsed[0].args.by === wallet.address && parsed[0].args.value === 1n,
    JSON.stringify(incReceipt.logs));
  check("get() is 1 after increment", (await c.get()) === 1n);
  const logs = await provider.getLogs({ address: counter, fromBlock: 0, toBlock: "latest" });
  check("eth_getLogs finds the Incremented log", logs.length === 1 && logs[0].transactionHash === inc.hash);
  const est = await provider.estimateGas({ from: wallet.address, to: counter, data: c.interface.encodeFunctionData("increment") });
  check("eth_estimateGas of increment() is above 21000 and at most the block's", est > 21000n && est < 30_000_000n, String(est));
  // Wallets estimate with the *pending* nonce (viem while the previous transaction is still in the
  // pool); geth skips the nonce check for calls, so a nonce ahead of the state's must not matter.
  const stateNonce = await provider.getTransactionCount(wallet.address, "latest");
  const ahead = await rpc("eth_estimateGas", [{ from: wallet.address, to: wallet.address, value: "0x1",
    nonce: "0x" + (stateNonce + 3).toString(16) }]);
  check("eth_estimateGas ignores a nonce ahead of the state's (geth: SkipNonceChecks)", ahead.result === "0x5208",
    JSON.stringify(ahead));
  const fh = await provider.send("eth_feeHistory", ["0x4", "latest", [50]]);
  check("eth_feeHistory answers base fees and rewards", fh.baseFeePerGas.length === 5 && fh.reward.length === 4, JSON.stringify(fh));

  // An EVM contract from hand-written bytecode. Runtime (24 bytes): with empty calldata return
  // slot 0 as one word, else store calldata word 0 in slot 0.
  //   CALLDATASIZE ISZERO PUSH1 0x0c JUMPI PUSH1 0 CALLDATALOAD PUSH1 0 SSTORE STOP
  //   0x0c: JUMPDEST PUSH1 0 SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN
  const evmRuntime = "0x3615600c57600035600055005b60005460005260206000f3";
  // Init code: SSTORE(0, 42); CODECOPY(0, 17, 24); RETURN(0, 24) — the runtime follows at 17.
  const evmInit = "0x602a600055" + "60186011600039" + "60186000f3" + evmRuntime.slice(2);
  const evmDeploy = await wallet.sendTransaction({ data: evmInit, gasLimit: 200_000 });
  const evmReceipt = await evmDeploy.wait(1, 30000);
  check("EVM deploy mined with status 1", evmReceipt && evmReceipt.status === 1, JSON.stringify(evmReceipt));
  const evmAddr = evmReceipt.contractAddress;
  check("EVM deploy receipt has the CREATE address",
    evmAddr === ethers.getCreateAddress({ from: wallet.address, nonce: evmDeploy.nonce }), String(evmAddr));
  const evmCode = await provider.getCode(evmAddr);
  check("eth_getCode of the EVM contract is its deployed bytecode", evmCode === evmRuntime, evmCode);
  const word = (n) => ethers.zeroPadValue(ethers.toBeHex(n), 32);
  const evmGet0 = await provider.call({ to: evmAddr, data: "0x" });
  check("EVM contract returns the constructor's 42", evmGet0 === word(42), evmGet0);
  const evmSet = await wallet.sendTransaction({ to: evmAddr, data: word(7), gasLimit: 100_000 });
  const evmSetReceipt = await evmSet.wait(1, 30000);
  check("EVM store mined with status 1", evmSetReceipt && evmSetReceipt.status === 1, JSON.stringify(evmSetReceipt));
  const evmGet1 = await provider.call({ to: evmAddr, data: "0x" });
  check("EVM contract returns the stored 7", evmGet1 === word(7), evmGet1);
  const evmSlot = await provider.getStorage(evmAddr, 0);
  check("eth_getStorageAt shows slot 0 = 7", evmSlot === word(7), evmSlot);

  // Failures other than a revert, in geth's words (core/vm/errors.go): eth_call answers -32000
  // with the VM error; eth_estimateGas too, but running out of gas with all the gas it may give
  // is "gas required exceeds allowance (<gas>)" (eth/gasestimator). Init code run as a create.
  const vmError = async (method, data, gas) => (await rpc(method,
    [{ from: wallet.address, data, gas: ethers.toQuantity(gas) }, "latest"])).error;
  const kInvalidInit = "0xfe"; // INVALID, EIP-141
  const kLoopInit = "0x5b600056"; // JUMPDEST PUSH1 0 JUMP: loops until the gas is gone
  const callInvalid = await vmError("eth_call", kInvalidInit, 100_000);
  check("eth_call reaching INVALID: -32000 \"invalid opcode: INVALID\"",
    callInvalid?.code === -32000 && callInvalid?.message === "invalid opcode: INVALID", JSON.stringify(callInvalid));
  const callOog = await vmError("eth_call", kLoopInit, 100_000);
  check("eth_call out of gas: -32000 \"out of gas\"",
    callOog?.code === -32000 && callOog?.message === "out of gas", JSON.stringify(callOog));
  const estInvalid = await vmError("eth_estimateGas", kInvalidInit, 100_000);
  check("eth_estimateGas reaching INVALID: -32000 \"invalid opcode: INVALID\"",
    estInvalid?.code === -32000 && estInvalid?.message === "invalid opcode: INVALID", JSON.stringify(estInvalid));
  const estOog = await vmError("eth_estimateGas", kLoopInit, 200_000);
  check("eth_estimateGas out of gas at its cap: \"gas required exceeds allowance (200000)\"",
    estOog?.code === -32000 && estOog?.message === "gas required exceeds allowance (200000)", JSON.stringify(estOog));

  // Each EVM halt in its own words, from eth_call and from the callTracer's `error` of a mined
  // transaction (geth's core/vm/errors.go; the exit codes are docs/abi.md §6). The same checks run
  // again after the restart with the runtimes interpreted (checkHaltWords below).
  const kUnderflowInit = "0x600101"; // PUSH1 1 ADD: ADD takes 2, the stack holds 1
  const kBadJumpInit = "0x600356"; // PUSH1 3 JUMP: byte 3 is past the end, no JUMPDEST
  // STATICCALL into the EVM contract above with one word of calldata, which makes it SSTORE:
  //   MSTORE(0, 7); STATICCALL(GAS, evmAddr, 0, 32, 0, 0); STOP
  const kStaticWriteInit = "0x6007600052600060006020600073" + evmAddr.slice(2).toLowerCase() + "5afa00";
  const sendFailing = async (data) => {
    const tx = await wallet.sendTransaction({ data, gasLimit: 200_000 });
    await tx.wait(1, 30000).catch(() => null); // a status-0 receipt makes ethers throw
    return tx.hash;
  };
  const haltTxs = {
    underflow: await sendFailing(kUnderflowInit),
    badJump: await sendFailing(kBadJumpInit),
    staticWrite: await sendFailing(kStaticWriteInit),
  };
  const checkHaltWords = async (strategy, receiptsOf) => {
    const callUnderflow = await vmError("eth_call", kUnderflowInit, 100_000);
    check(`${strategy}: eth_call stack underflow: -32000 "stack underflow (1 <=> 2)"`,
      callUnderflow?.code === -32000 && callUnderflow?.message === "stack underflow (1 <=> 2)",
      JSON.stringify(callUnderflow));
    const callBadJump = await vmError("eth_call", kBadJumpInit, 100_000);
    check(`${strategy}: eth_call bad jump: -32000 "invalid jump destination"`,
      callBadJump?.code === -32000 && callBadJump?.message === "invalid jump destination",
      JSON.stringify(callBadJump));
    const estUnderflow = await vmError("eth_estimateGas", kUnderflowInit, 100_000);
    check(`${strategy}: eth_estimateGas stack underflow: -32000 "stack underflow (1 <=> 2)"`,
      estUnderflow?.code === -32000 && estUnderflow?.message === "stack underflow (1 <=> 2)",
      JSON.stringify(estUnderflow));
    const traceOf = async (hash) => {
      const r = await rpc("debug_traceTransaction", [hash, { tracer: "callTracer" }]);
      return { receipt: await receiptsOf.getTransactionReceipt(hash), trace: r.result ?? r };
    };
    const tUnderflow = await traceOf(haltTxs.underflow);
    check(`${strategy}: callTracer of a stack underflow: error "stack underflow (1 <=> 2)", status 0`,
      tUnderflow.receipt?.status === 0 && tUnderflow.trace?.error === "stack underflow (1 <=> 2)",
      JSON.stringify(tUnderflow.trace));
    const tBadJump = await traceOf(haltTxs.badJump);
    check(`${strategy}: callTracer of a bad jump: error "invalid jump destination", status 0`,
      tBadJump.receipt?.status === 0 && tBadJump.trace?.error === "invalid jump destination",
      JSON.stringify(tBadJump.trace));
    const tStatic = await traceOf(haltTxs.staticWrite);
    const inner = tStatic.trace?.calls?.[0];
    check(`${strategy}: callTracer of an SSTORE under STATICCALL: inner error "write protection"`,
      tStatic.receipt?.status === 1 && tStatic.trace?.error === undefined && inner?.type === "STATICCALL" &&
      inner?.to?.toLowerCase() === evmAddr.toLowerCase() && inner?.error === "write protection",
      JSON.stringify(tStatic.trace));
  };
  await checkHaltWords("native", provider);

  // ---- The transaction pool, as a wallet meets it.
  // Dev accounts from the node's own listing "( i) <address> key <key>".
  const devKeys = [...node.output.matchAll(/\(\s*(\d+)\) (0x[0-9a-fA-F]{40}) key (0x[0-9a-f]{64})/g)]
    .map((m) => m[3]);
  check("20 dev accounts listed", devKeys.length === 20, String(devKeys.length));
  const alice = new ethers.Wallet(devKeys[5], provider);
  const bob = new ethers.Wallet(devKeys[6], provider);
  const gwei = (n) => ethers.parseUnits(String(n), "gwei");
  const signed = (w, nonce, maxFee, tip, value = 1n, to = recipient) => w.signTransaction({
    type: 2, chainId: 1337, nonce, to, value, gasLimit: 21000, maxFeePerGas: maxFee, maxPriorityFeePerGas: tip });
  const sendRaw = (raw) => rpc("eth_sendRawTransaction", [raw]);
  const pendingNonce = async (a) => Number(BigInt((await rpc("eth_getTransactionCount", [a, "pending"])).result));

  // newPendingTransactions over WebSocket: every transaction the pool makes pending is announced.
  const wsProvider = new ethers.WebSocketProvider(node.wsUrl, ethers.Network.from(1337), { staticNetwork: true });
  const announced = new Set();
  await wsProvider.on("pending", (h) => announced.add(h));

  // A nonce gap: alice's nonce 1 waits queued while her nonce is 0.
  const gapBlock = await provider.getBlockNumber();
  const queued = await sendRaw(await signed(alice, 1, gwei(10), gwei(1)));
  check("a nonce-gapped transaction is accepted", typeof queued.result === "string", JSON.stringify(queued));
  const queuedTx = await rpc("eth_getTransactionByHash", [queued.result]);
  check("the gapped transaction is visible with blockHash null",
    queuedTx.result && queuedTx.result.hash === queued.result && queuedTx.result.blockHash === null,
    JSON.stringify(queuedTx));
  check("a queued transaction does not count in the pending nonce", (await pendingNonce(alice.address)) === 0);

  // Replacing it: +5% on both caps is refused, -1% too, +10% replaces.
  const under5 = await sendRaw(await signed(alice, 1, gwei(10.5), gwei(1.05), 2n));
  check("+5% replacement: replacement transaction underpriced",
    under5.error?.code === -32000 && under5.error?.message === "replacement transaction underpriced", JSON.stringify(under5));
  const under1 = await sendRaw(await signed(alice, 1, gwei(9.9), gwei(0.99), 2n));
  check("-1% replacement: replacement transaction underpriced",
    under1.error?.message === "replacement transaction underpriced", JSON.stringify(under1));
  const replacement = await sendRaw(await signed(alice, 1, gwei(11), gwei(1.1), 2n));
  check("+10% on both caps replaces", typeof replacement.result === "string", JSON.stringify(replacement));
  check("the replaced transaction left the pool",
    (await rpc("eth_getTransactionByHash", [queued.result])).result === null);
  check("nothing was mined while the gap is open", (await provider.getBlockNumber()) === gapBlock);

  // Filling the gap: nonce 0 and the replacement are mined, the original never.
  const fill = await sendRaw(await signed(alice, 0, gwei(10), gwei(1)));
  check("the gap-filling transaction is accepted", typeof fill.result === "string", JSON.stringify(fill));
  const fillReceipt = await receiptOf(provider, fill.result);
  const replReceipt = await receiptOf(provider, replacement.result);
  check("the gap filled: nonce 0 mined", fillReceipt?.status === 1, JSON.stringify(fillReceipt));
  check("the replacement (nonce 1) mined", replReceipt?.status === 1, JSON.stringify(replReceipt));
  check("the replaced original was never mined",
    (await provider.getTransactionReceipt(queued.result)) === null &&
    (await rpc("eth_getTransactionByHash", [queued.result])).result === null);
  check("alice's pending nonce is 2", (await pendingNonce(alice.address)) === 2);
  check("alice's nonce at latest is 2", (await provider.getTransactionCount(alice.address, "latest")) === 2);

  const low = await sendRaw(await signed(alice, 0, gwei(20), gwei(2)));
  check("a used nonce: nonce too low", low.error?.code === -32000 && low.error?.message === "nonce too low", JSON.stringify(low));
  const pauper = ethers.Wallet.createRandom();
  const poor = await sendRaw(await pauper.signTransaction({ type: 2, chainId: 1337, nonce: 0, to: recipient, value: 1n,
    gasLimit: 21000, maxFeePerGas: gwei(10), maxPriorityFeePerGas: gwei(1) }));
  check("an unfunded sender: insufficient funds for gas * price + value",
    poor.error?.code === -32000 && poor.error?.message === "insufficient funds for gas * price + value", JSON.stringify(poor));

  for (let i = 0; i < 50 && !(announced.has(fill.result) && announced.has(replacement.result)); i++)
    await new Promise((r) => setTimeout(r, 100));
  check("newPendingTransactions announced the sent and the promoted transactions",
    announced.has(fill.result) && announced.has(replacement.result), JSON.stringify([...announced]));
  await wsProvider.destroy();

  // A queued local transaction for the restart: bob's nonce 1 while his nonce is 0.
  const journaled = await sendRaw(await signed(bob, 1, gwei(10), gwei(1)));
  check("bob's gapped transaction is accepted", typeof journaled.result === "string", JSON.stringify(journaled));

  // The Engine port of a --dev node: the secret generated as <datadir>/jwt.hex, reads answered,
  // chain writes refused (the dev sequencer is the chain's one writer).
  const jwtFile = path.join(datadir, "jwt.hex");
  check("the JWT secret was generated into <datadir>/jwt.hex",
    fs.existsSync(jwtFile) && /^(0x)?[0-9a-f]{64}\s*$/.test(fs.readFileSync(jwtFile, "utf8")));
  const key = Buffer.from(fs.readFileSync(jwtFile, "utf8").trim().replace(/^0x/, ""), "hex");
  const enc = (o) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const unsigned = `${enc({ alg: "HS256", typ: "JWT" })}.${enc({ iat: Math.floor(Date.now() / 1000) })}`;
  const token = `${unsigned}.${crypto.createHmac("sha256", key).update(unsigned).digest("base64url")}`;
  const engineCall = async (method, params) => (await fetch(node.authUrl, { method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) })).json();
  const head = await provider.getBlock("latest");
  const bodies = await engineCall("engine_getPayloadBodiesByHashV1", [[head.hash]]);
  check("--dev Engine port: reads are answered", Array.isArray(bodies.result) && bodies.result.length === 1 &&
    bodies.result[0] !== null, JSON.stringify(bodies));
  const zero = ethers.ZeroHash;
  const fcu = await engineCall("engine_forkchoiceUpdatedV3", [{ headBlockHash: head.hash, safeBlockHash: zero, finalizedBlockHash: zero }, null]);
  check("--dev Engine port: forkchoiceUpdated refused with -32000",
    fcu.error?.code === -32000 && /disabled with --dev/.test(fcu.error.message), JSON.stringify(fcu));
  check("the head did not move", (await provider.getBlockNumber()) === head.number);

  const headBefore = await provider.getBlockNumber();
  // The first node's provider polls its port: stopped before the node is.
  provider.destroy();
  const stopped = await node.stop();
  check("SIGTERM stops the node with exit code 0", stopped.code === 0, JSON.stringify(stopped));

  // Restart on the same datadir, the system runtimes interpreted: the chain goes on.
  node = await startDevNode(blend,
    { datadir, extra: ["--runtime-strategy", "interpreter", "--http.api", "eth,net,web3,debug"] });
  const provider2 = devProvider(node.url);
  check("restart continues at the same head", (await provider2.getBlockNumber()) === headBefore);
  check("the contract state survived", (await new ethers.Contract(counter, counterAbi, provider2).get()) === 1n);
  check("the receipt survived", (await provider2.getTransactionReceipt(tx.hash))?.status === 1);
  check("the EVM contract reads 7 with the runtime interpreted",
    (await provider2.call({ to: evmAddr, data: "0x" })) === word(7));
  await checkHaltWords("interpreter", provider2);
  const kept = await rpc("eth_getTransactionByHash", [journaled.result]);
  check("the queued local transaction survived the restart (journal)",
    kept.result && kept.result.hash === journaled.result && kept.result.blockHash === null, JSON.stringify(kept));
  const bob2 = new ethers.Wallet(devKeys[6], provider2);
  const bobFill = await rpc("eth_sendRawTransaction", [await bob2.signTransaction({ type: 2, chainId: 1337, nonce: 0,
    to: recipient, value: 1n, gasLimit: 21000, maxFeePerGas: gwei(10), maxPriorityFeePerGas: gwei(1) })]);
  check("bob's gap-filling transaction is accepted after the restart", typeof bobFill.result === "string", JSON.stringify(bobFill));
  const journaledReceipt = await receiptOf(provider2, journaled.result);
  check("the journaled transaction is mined once its gap is filled", journaledReceipt?.status === 1,
    JSON.stringify(journaledReceipt));
  provider2.destroy();
} catch (e) {
  check("no exception", false, `${e.stack}\nnode output:\n${node?.output ?? ""}`);
} finally {
  await node?.stop();
  fs.rmSync(datadir, { recursive: true, force: true });
}
console.log(`e2e_dev_node: ${failures === 0 ? "all passed" : failures + " failed"}`);
process.exit(failures === 0 ? 0 : 1);
