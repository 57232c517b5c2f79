// SPDX-License-Identifier: Apache-2.0
// End-to-end: the Engine API as a rollup consensus client drives it. Starts `blend node` without
// --dev (no dev sequencer: the consensus client is the chain's one writer) on free loopback ports
// with a temporary datadir, the dev genesis and a JWT secret file, then acts as the consensus
// client in plain Node (HS256 tokens made with node:crypto, execution-apis
// src/engine/authentication.md): exchangeCapabilities; forkchoiceUpdatedV3 with L2 attributes
// (forced transactions signed with ethers, noTxPool, gasLimit) → getPayloadV4 → newPayloadV4 →
// forkchoiceUpdatedV3; a transaction sent with eth_sendRawTransaction reaching a payload; a side
// fork on one parent made canonical and back (reorgs) with eth_getBlockByNumber, eth_getBalance
// and the receipt following the head; INVALID for a wrong state root (latestValidHash = parent),
// a wrong block hash (INVALID with latestValidHash null for V4, INVALID_BLOCK_HASH for V1),
// SYNCING for an unknown parent or head; HTTP 401 without a valid token.
//   node e2e_engine.mjs <blend binary>
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";
import { startDevNode } from "./lib/dev_node.mjs";

const [blend] = process.argv.slice(2);
if (!blend) {
  console.error("usage: node e2e_engine.mjs <blend>");
  process.exit(2);
}

let failures = 0;
function check(name, ok, detail = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : " " + detail}`);
  if (!ok) failures++;
}

const datadir = fs.mkdtempSync(path.join(os.tmpdir(), "blend-e2e-engine-"));
const genesisFile = path.join(datadir, "genesis.json");
const made = spawnSync(blend, ["genesis", "dev", "-o", genesisFile], { encoding: "utf8" });
if (made.status !== 0) {
  console.error(`e2e: blend genesis dev failed: ${made.stderr}`);
  process.exit(1);
}
// The secret shared with the consensus client: 32 random bytes as hex (authentication.md).
const secret = crypto.randomBytes(32);
const secretFile = path.join(datadir, "jwtsecret");
fs.writeFileSync(secretFile, "0x" + secret.toString("hex"), { mode: 0o600 });

// Without --dev: no dev sequencer, this script is the chain's one writer (tests/node/lib).
let node = null;
let url = "";
let authUrl = "";

const b64url = (x) => Buffer.from(x).toString("base64url");
/// An HS256 JWT with the given iat (seconds) signed with `key`.
function jwt(key = secret, iat = Math.floor(Date.now() / 1000)) {
  const head = b64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64url(JSON.stringify({ iat }));
  const sig = crypto.createHmac("sha256", key).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${sig}`;
}

async function post(target, method, params, headers = {}) {
  const r = await fetch(target, { method: "POST", headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }) });
  const text = await r.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* 401 bodies need not be JSON */ }
  return { status: r.status, json };
}
const rpc = async (method, params = []) => (await post(url, method, params)).json;
/// An Engine API call with a fresh valid token; the JSON-RPC answer.
const engine = async (method, params) => (await post(authUrl, method, params, { authorization: `Bearer ${jwt()}` })).json;

// The block hash of an ExecutionPayloadV3 (Prague): keccak256 of the RLP header (Yellow Paper §4.3
// plus EIP-1559, EIP-4895, EIP-4844, EIP-4788, EIP-7685 fields), computed here independently so
// that a payload can be altered and re-hashed. Only for payloads without transactions and
// withdrawals, whose roots are the empty trie's.
const kEmptyTrieRoot = "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421";
const kEmptyOmmersHash = ethers.keccak256(ethers.encodeRlp([]));
const kEmptyRequestsHash = ethers.sha256("0x"); // EIP-7685: sha256 over no requests
const q = (hex) => (BigInt(hex) === 0n ? "0x" : ethers.toBeHex(BigInt(hex)));
function emptyPayloadHash(p, beaconRoot) {
  if (p.transactions.length !== 0 || p.withdrawals.length !== 0) throw new Error("not an empty payload");
  return ethers.keccak256(ethers.encodeRlp([
    p.parentHash, kEmptyOmmersHash, p.feeRecipient, p.stateRoot, kEmptyTrieRoot, p.receiptsRoot,
    p.logsBloom, "0x", q(p.blockNumber), q(p.gasLimit), q(p.gasUsed), q(p.timestamp), p.extraData,
    p.prevRandao, "0x0000000000000000", q(p.baseFeePerGas), kEmptyTrieRoot, q(p.blobGasUsed),
    q(p.excessBlobGas), beaconRoot, kEmptyRequestsHash]));
}

const random32 = () => ethers.hexlify(crypto.randomBytes(32));
const zero32 = ethers.ZeroHash;
const feeRecipient = "0x00000000000000000000000000000000000fee01";
const recipient = "0x8626f6940E2eb28930eFb4CeF49B2d1F2C9C1199"; // dev account 19
const mnemonic = "test test test test test test test test test test test junk";
const devWallet = (i) => ethers.HDNodeWallet.fromPhrase(mnemonic, undefined, `m/44'/60'/0'/0/${i}`);
const alice = devWallet(1);
const bob = devWallet(2);
const gwei = (n) => ethers.parseUnits(String(n), "gwei");
const transfer = (w, nonce, value) => w.signTransaction({ type: 2, chainId: 1337, nonce, to: recipient, value,
  gasLimit: 21000, maxFeePerGas: gwei(100), maxPriorityFeePerGas: gwei(2) });
const balance = async (a, tag = "latest") => BigInt((await rpc("eth_getBalance", [a, tag])).result);
const blockByNumber = async (n) => (await rpc("eth_getBlockByNumber", [typeof n === "string" ? n : ethers.toQuantity(n), false])).result;
const fcs = (head, safe = zero32, finalized = zero32) => ({ headBlockHash: head, safeBlockHash: safe, finalizedBlockHash: finalized });

/// forkchoiceUpdatedV3 with attributes on `parent` → payload id → getPayloadV4 → the payload.
async function build(parent, attrs) {
  const beaconRoot = attrs.parentBeaconBlockRoot ?? random32();
  const a = { timestamp: ethers.toQuantity(attrs.timestamp), prevRandao: random32(), suggestedFeeRecipient: feeRecipient,
    withdrawals: [], parentBeaconBlockRoot: beaconRoot, transactions: attrs.transactions ?? [],
    noTxPool: attrs.noTxPool ?? false, ...(attrs.gasLimit ? { gasLimit: ethers.toQuantity(attrs.gasLimit) } : {}) };
  const fcu = await engine("engine_forkchoiceUpdatedV3", [fcs(parent), a]);
  if (!fcu.result?.payloadId) throw new Error(`forkchoiceUpdatedV3 with attributes: ${JSON.stringify(fcu)}`);
  const got = await engine("engine_getPayloadV4", [fcu.result.payloadId]);
  if (!got.result) throw new Error(`getPayloadV4: ${JSON.stringify(got)}`);
  return { id: fcu.result.payloadId, fcu: fcu.result, ...got.result, beaconRoot };
}
const newPayload = (p, beaconRoot) => engine("engine_newPayloadV4", [p, [], beaconRoot, []]);

try {
  node = await startDevNode(blend, { dev: false, ws: false, datadir: path.join(datadir, "data"),
    extra: ["--genesis", genesisFile, "--authrpc.jwtsecret", secretFile] });
  url = node.url;
  authUrl = node.authUrl;

  // ---- Authentication (authentication.md): every request needs a fresh HS256 token.
  const none = await post(authUrl, "engine_exchangeCapabilities", [[]]);
  check("no token: HTTP 401", none.status === 401, String(none.status));
  const wrong = await post(authUrl, "engine_exchangeCapabilities", [[]], { authorization: `Bearer ${jwt(crypto.randomBytes(32))}` });
  check("a token signed with another secret: HTTP 401", wrong.status === 401, String(wrong.status));
  const stale = await post(authUrl, "engine_exchangeCapabilities", [[]],
    { authorization: `Bearer ${jwt(secret, Math.floor(Date.now() / 1000) - 120)}` });
  check("iat 120 s in the past: HTTP 401", stale.status === 401, String(stale.status));
  const future = await post(authUrl, "engine_exchangeCapabilities", [[]],
    { authorization: `Bearer ${jwt(secret, Math.floor(Date.now() / 1000) + 120)}` });
  check("iat 120 s in the future: HTTP 401", future.status === 401, String(future.status));

  const wanted = ["engine_forkchoiceUpdatedV3", "engine_getPayloadV4", "engine_newPayloadV4", "engine_getPayloadBodiesByHashV1"];
  const caps = await engine("engine_exchangeCapabilities", [wanted]);
  check("exchangeCapabilities answers with the methods asked for",
    Array.isArray(caps.result) && wanted.every((m) => caps.result.includes(m)), JSON.stringify(caps));

  // No --dev: nothing is built until the consensus client asks.
  const genesis = await blockByNumber(0);
  check("the chain starts at genesis", (await rpc("eth_blockNumber")).result === "0x0");
  const g = genesis.hash;
  const t0 = Math.max(Math.floor(Date.now() / 1000), Number(BigInt(genesis.timestamp)) + 1);

  // ---- Block 1: a forced L2 transaction, noTxPool, our gas limit.
  const forced = await transfer(alice, 0, ethers.parseEther("1"));
  const recipientBefore = await balance(recipient);
  const p1 = await build(g, { timestamp: t0, transactions: [forced], noTxPool: true, gasLimit: 25_000_000 });
  check("forkchoiceUpdatedV3 with attributes: VALID and a payload id",
    p1.fcu.payloadStatus.status === "VALID" && /^0x[0-9a-f]{16}$/.test(p1.id), JSON.stringify(p1.fcu));
  const e1 = p1.executionPayload;
  check("getPayloadV4: block 1 on genesis", BigInt(e1.blockNumber) === 1n && e1.parentHash === g, JSON.stringify(e1));
  check("the payload holds exactly the forced transaction", e1.transactions.length === 1 && e1.transactions[0] === forced,
    JSON.stringify(e1.transactions));
  check("the payload takes the attributes' gasLimit", BigInt(e1.gasLimit) === 25_000_000n, e1.gasLimit);
  check("the payload's fee recipient and timestamp are the attributes'",
    e1.feeRecipient.toLowerCase() === feeRecipient && BigInt(e1.timestamp) === BigInt(t0));
  check("blockValue = 21000 gas × the effective tip",
    BigInt(p1.blockValue) === 21000n * (gwei(100) - BigInt(e1.baseFeePerGas) < gwei(2) ? gwei(100) - BigInt(e1.baseFeePerGas) : gwei(2)),
    p1.blockValue);
  check("getPayloadV4: no execution requests, empty blobs bundle",
    Array.isArray(p1.executionRequests) && p1.executionRequests.length === 0 && p1.blobsBundle.commitments.length === 0);
  const v3 = await engine("engine_getPayloadV3", [p1.id]);
  check("getPayloadV3 of a Prague payload: -38005 unsupported fork", v3.error?.code === -38005, JSON.stringify(v3));

  const np1 = await newPayload(e1, p1.beaconRoot);
  check("newPayloadV4 of the built payload: VALID", np1.result?.status === "VALID" && np1.result.latestValidHash === e1.blockHash,
    JSON.stringify(np1));
  check("a payload is not canonical before forkchoiceUpdated", (await rpc("eth_blockNumber")).result === "0x0");
  const f1 = await engine("engine_forkchoiceUpdatedV3", [fcs(e1.blockHash, g, g), null]);
  check("forkchoiceUpdatedV3 to block 1: VALID, no payload id",
    f1.result?.payloadStatus.status === "VALID" && f1.result.payloadId === null, JSON.stringify(f1));
  const b1 = await blockByNumber("latest");
  check("eth_getBlockByNumber(latest) is block 1", b1?.hash === e1.blockHash, JSON.stringify(b1));
  check("eth_getBalance follows: the recipient got 1 ETH", (await balance(recipient)) - recipientBefore === ethers.parseEther("1"));
  const r1 = await rpc("eth_getTransactionReceipt", [ethers.keccak256(forced)]);
  check("the forced transaction's receipt is in block 1", r1.result?.blockHash === e1.blockHash && r1.result.status === "0x1",
    JSON.stringify(r1));
  check("safe and finalized follow the forkchoice", (await blockByNumber("finalized"))?.hash === g &&
    (await blockByNumber("safe"))?.hash === g);

  // ---- A pool transaction, and a side fork on block 1: A without the pool, B with it.
  const pooled = await transfer(bob, 0, ethers.parseEther("2"));
  const sent = await rpc("eth_sendRawTransaction", [pooled]);
  check("eth_sendRawTransaction accepted", sent.result === ethers.keccak256(pooled), JSON.stringify(sent));
  const pend = await rpc("eth_getTransactionByHash", [sent.result]);
  check("the pool transaction is pending (blockHash null)", pend.result && pend.result.blockHash === null, JSON.stringify(pend));
  check("eth_getTransactionCount(pending) counts it", (await rpc("eth_getTransactionCount", [bob.address, "pending"])).result === "0x1");
  const t2 = t0 + 2;
  const pa = await build(e1.blockHash, { timestamp: t2, noTxPool: true });
  const pb = await build(e1.blockHash, { timestamp: t2 + 1, noTxPool: false });
  const ea = pa.executionPayload;
  const eb = pb.executionPayload;
  check("noTxPool: the payload leaves the pool's transaction out", ea.transactions.length === 0, JSON.stringify(ea.transactions));
  check("noTxPool false: the pool's transaction reaches the payload",
    eb.transactions.length === 1 && eb.transactions[0] === pooled, JSON.stringify(eb.transactions));
  check("two payloads on the same parent differ", ea.blockHash !== eb.blockHash && ea.parentHash === eb.parentHash);
  const npa = await newPayload(ea, pa.beaconRoot);
  const npb = await newPayload(eb, pb.beaconRoot);
  check("newPayloadV4 of both side blocks: VALID", npa.result?.status === "VALID" && npb.result?.status === "VALID",
    JSON.stringify([npa, npb]));
  const again = await newPayload(eb, pb.beaconRoot);
  check("newPayload is idempotent (VALID again)", again.result?.status === "VALID", JSON.stringify(again));

  const beforeB = await balance(recipient);
  const fb = await engine("engine_forkchoiceUpdatedV3", [fcs(eb.blockHash, e1.blockHash, g), null]);
  check("forkchoiceUpdated to B: VALID", fb.result?.payloadStatus.status === "VALID", JSON.stringify(fb));
  check("block 2 is B", (await blockByNumber(2))?.hash === eb.blockHash);
  check("the pool transaction's receipt is in B", (await rpc("eth_getTransactionReceipt", [sent.result])).result?.blockHash === eb.blockHash);
  check("eth_getBalance follows B: +2 ETH", (await balance(recipient)) - beforeB === ethers.parseEther("2"));

  const fa = await engine("engine_forkchoiceUpdatedV3", [fcs(ea.blockHash, e1.blockHash, g), null]);
  check("reorg to A: VALID", fa.result?.payloadStatus.status === "VALID", JSON.stringify(fa));
  check("block 2 is A after the reorg", (await blockByNumber("latest"))?.hash === ea.blockHash &&
    (await blockByNumber(2))?.hash === ea.blockHash);
  check("eth_getBalance follows A: the 2 ETH are gone", (await balance(recipient)) === beforeB);
  check("B's receipt is gone from the canonical chain", (await rpc("eth_getTransactionReceipt", [sent.result])).result === null);
  const back = await rpc("eth_getTransactionByHash", [sent.result]);
  check("B's transaction is back in the pool (pending, blockHash null)", back.result && back.result.blockHash === null,
    JSON.stringify(back));

  const fb2 = await engine("engine_forkchoiceUpdatedV3", [fcs(eb.blockHash, e1.blockHash, g), null]);
  check("reorg back to B: VALID", fb2.result?.payloadStatus.status === "VALID", JSON.stringify(fb2));
  check("block 2 is B again, its balance too", (await blockByNumber(2))?.hash === eb.blockHash &&
    (await balance(recipient)) - beforeB === ethers.parseEther("2"));

  // ---- Invalid payloads on B: an empty block built by the node, then altered.
  const pc = await build(eb.blockHash, { timestamp: t2 + 3, noTxPool: true });
  const ec = pc.executionPayload;
  check("the test's own header hash reproduces the node's block hash", emptyPayloadHash(ec, pc.beaconRoot) === ec.blockHash,
    `${emptyPayloadHash(ec, pc.beaconRoot)} vs ${ec.blockHash}`);

  const badRoot = { ...ec, stateRoot: random32() };
  badRoot.blockHash = emptyPayloadHash(badRoot, pc.beaconRoot);
  const npBad = await newPayload(badRoot, pc.beaconRoot);
  check("a wrong state root: INVALID with latestValidHash = the parent",
    npBad.result?.status === "INVALID" && npBad.result.latestValidHash === eb.blockHash, JSON.stringify(npBad));
  const fBad = await engine("engine_forkchoiceUpdatedV3", [fcs(badRoot.blockHash, e1.blockHash, g), null]);
  check("forkchoiceUpdated onto the invalid block: INVALID", fBad.result?.payloadStatus.status === "INVALID", JSON.stringify(fBad));

  // A block hash that is not the header's: INVALID with latestValidHash null from V2 on (the
  // Prague chain's newPayloadV4), INVALID_BLOCK_HASH for V1 (api-surface §2.3, cancun.md).
  const npHash = await newPayload({ ...ec, blockHash: random32() }, pc.beaconRoot);
  check("a wrong block hash (V4): INVALID, latestValidHash null",
    npHash.result?.status === "INVALID" && npHash.result.latestValidHash === null &&
    /blockhash mismatch/.test(npHash.result.validationError ?? ""), JSON.stringify(npHash));
  const { withdrawals: _w, blobGasUsed: _b, excessBlobGas: _e, ...v1Payload } = ec;
  const npHashV1 = await engine("engine_newPayloadV1", [{ ...v1Payload, blockHash: random32() }]);
  check("a wrong block hash (V1): INVALID_BLOCK_HASH", npHashV1.result?.status === "INVALID_BLOCK_HASH",
    JSON.stringify(npHashV1));

  const orphan = { ...ec, parentHash: random32() };
  orphan.blockHash = emptyPayloadHash(orphan, pc.beaconRoot);
  const npOrphan = await newPayload(orphan, pc.beaconRoot);
  check("an unknown parent: SYNCING", npOrphan.result?.status === "SYNCING", JSON.stringify(npOrphan));
  const fUnknown = await engine("engine_forkchoiceUpdatedV3", [fcs(random32()), null]);
  check("forkchoiceUpdated to an unknown head: SYNCING, no payload id",
    fUnknown.result?.payloadStatus.status === "SYNCING" && fUnknown.result.payloadId === null, JSON.stringify(fUnknown));
  check("the head stayed B through the refusals", (await blockByNumber("latest"))?.hash === eb.blockHash);

  const npc = await newPayload(ec, pc.beaconRoot);
  const fc = await engine("engine_forkchoiceUpdatedV3", [fcs(ec.blockHash, eb.blockHash, e1.blockHash), null]);
  check("the genuine block 3: VALID, and canonical after forkchoiceUpdated",
    npc.result?.status === "VALID" && fc.result?.payloadStatus.status === "VALID" &&
    (await blockByNumber("latest"))?.hash === ec.blockHash, JSON.stringify([npc, fc]));
  const bodies = await engine("engine_getPayloadBodiesByHashV1", [[e1.blockHash, eb.blockHash, random32()]]);
  check("getPayloadBodiesByHashV1: the stored blocks' transactions, null for an unknown one",
    bodies.result?.length === 3 && bodies.result[0].transactions[0] === forced &&
    bodies.result[1].transactions[0] === pooled && bodies.result[2] === null, JSON.stringify(bodies));

  const stopped = await node.stop();
  check("SIGTERM stops the node with exit code 0", stopped.code === 0, JSON.stringify(stopped));
} catch (e) {
  check("no exception", false, `${e.stack}\nnode output:\n${node?.output ?? ""}`);
} finally {
  await node?.stop();
  fs.rmSync(datadir, { recursive: true, force: true });
}
console.log(`e2e_engine: ${failures === 0 ? "all passed" : failures + " failed"}`);
process.exit(failures === 0 ? 0 : 1);
