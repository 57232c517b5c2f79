// SPDX-License-Identifier: Apache-2.0
// Node benchmark (issue 8 item 9), one `name=value` line per figure:
//   erc20_transfers_per_s   ERC-20 transfers (tests/node/contracts/TestToken.sol, solc) signed
//                           beforehand, sent over eth_sendRawTransaction by 20 senders, until
//                           every receipt is available (instant dev mode)
//   mgas_per_s              the same, in million gas per second (Σ gasUsed of the blocks they
//                           filled, from the headers)
//   get_balance_req_per_s   eth_getBalance over HTTP, --rpc-connections (16) for --rpc-seconds
//   eth_call_req_per_s      eth_call of balanceOf on the token, the same way
//   rpc_client              wrk (Debian package `wrk`) when installed, else a Node fetch loop
//   rss_mib_after_txs       the node's resident memory after the ERC-20 run
//   rss_mib_after_<N>_txs   with --plain N: after N more plain transfers (N = 100000: the
//                           issue's "RSS after 100k transactions"; takes minutes)
//   loadavg_start/_end      /proc/loadavg: the machine is shared, figures depend on it
// Usage: node bench_node.mjs <blend binary> [--erc20 N=2000] [--plain N=0] [--rpc-seconds S=5]
//                            [--rpc-connections C=16] [--runtime-strategy native|interpreter]
import {ethers} from "ethers";
import {spawnSync} from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import {compileContracts, devKey, kDevChainId, rssMib, startDevNode} from "./lib/dev_node.mjs";

const argv = process.argv.slice(2);
const blend = argv[0];
const opt = (name, dflt) => {
    const i = argv.indexOf(`--${name}`);
    return i > 0 && i + 1 < argv.length ? argv[i + 1] : dflt;
};
if (!blend || blend.startsWith("--")) {
    console.error(
        "usage: node bench_node.mjs <blend> [--erc20 N] [--plain N] [--rpc-seconds S] [--rpc-connections C] [--runtime-strategy S]");
    process.exit(2);
}
const erc20Count = Number(opt("erc20", 2000));
const plainCount = Number(opt("plain", 0));
const rpcSeconds = Number(opt("rpc-seconds", 5));
/// Concurrent connections of the request-rate figures (wrk -c, or the Node fetch loop's workers).
const rpcConnections = Number(opt("rpc-connections", 16));
const strategy = opt("runtime-strategy", "native");
/// Give up on receipts after this long: a stalled node must not hang the benchmark.
const kGiveUpMs = 1_800_000;
/// Requests in flight at once while sending (HTTP keep-alive connections of the fetch pool).
const kInflight = 32;
/// Dev accounts used as senders: all 20 of the dev genesis, so the pool's per-sender limit
/// (account_slots = 80, docs/node.md "Limits") leaves room for every sender's queue.
const kSenders = 20;

console.log(
    `loadavg_start=${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(",")}`);
const node =
    await startDevNode(blend, {logLevel: "error", extra: ["--runtime-strategy", strategy]});
let id = 0;
async function rpc(method, params = []) {
    const body = JSON.stringify({jsonrpc: "2.0", id: ++id, method, params});
    let j;
    for (let attempt = 0;; attempt++) {
        try {
            const r = await fetch(
                node.url, {method: "POST", headers: {"content-type": "application/json"}, body});
            j = await r.json();
            break;
        } catch (e) {
            // A keep-alive connection the server closed while idle (e.g. during the minutes of
            // signing before a long run) fails the first write: retry on a new one.
            if (attempt >= 3)
                throw e;
        }
    }
    // A resent transaction that got in before its connection failed is not an error.
    if (j.error && method === "eth_sendRawTransaction" && j.error.message === "already known")
        return ethers.keccak256(params[0]);
    if (j.error) {
        const e = new Error(`${method}: ${JSON.stringify(j.error)}`);
        e.rpc = j.error;
        throw e;
    }
    return j.result;
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitReceipt(hash, deadline) {
    for (;;) {
        const r = await rpc("eth_getTransactionReceipt", [hash]);
        if (r)
            return r;
        if (performance.now() > deadline)
            throw new Error(`no receipt for ${hash} after ${kGiveUpMs / 1000} s`);
        await sleep(20);
    }
}

/// Sends signed envelopes kInflight at a time; a sender more than the pool's per-account limit
/// ahead of the chain is refused ("account limit exceeded") and retried after a pause.
async function sendAll(signed) {
    let next = 0;
    let retries = 0;
    await Promise.all(Array.from({length: kInflight}, async () => {
        while (next < signed.length) {
            const raw = signed[next++];
            for (;;) {
                try {
                    await rpc("eth_sendRawTransaction", [raw]);
                    break;
                } catch (e) {
                    if (e.rpc?.message !== "account limit exceeded" &&
                        e.rpc?.message !== "txpool is full")
                        throw e;
                    retries++;
                    await sleep(10);
                }
            }
        }
    }));
    return retries;
}

const senders = Array.from({length: kSenders}, (_, i) => new ethers.Wallet(devKey(i)));
const fee = {
    type: 2,
    chainId: kDevChainId,
    maxFeePerGas: 100_000_000_000n,
    maxPriorityFeePerGas: 1_000_000_000n
};
const nonces = await Promise.all(
    senders.map((w) => rpc("eth_getTransactionCount", [w.address, "latest"]).then(Number)));

/// Sends one transaction per sender per round (so nonces interleave as wallets' would), then
/// waits for the last receipt of every sender; answers seconds, gas and retries.
async function run(makeTx, count) {
    const perSender = Math.ceil(count / kSenders);
    const signed = [];
    for (let n = 0; n < perSender; n++)
        for (let s = 0; s < kSenders; s++)
            signed.push(
                await senders[s].signTransaction({...fee, ...makeTx(s, n), nonce: nonces[s]++}));
    const lastHashes = signed.slice(-kSenders).map((raw) => ethers.keccak256(raw));
    const firstBlock = Number(await rpc("eth_blockNumber")) + 1;
    const t0 = performance.now();
    const retries = await sendAll(signed);
    const deadline = performance.now() + kGiveUpMs;
    const receipts = [];
    for (const h of lastHashes)
        receipts.push(await waitReceipt(h, deadline));
    const seconds = (performance.now() - t0) / 1000;
    const failed = receipts.filter((r) => r.status !== "0x1").length;
    if (failed)
        throw new Error(`${failed} of the last receipts have status 0`);
    const lastBlock = Math.max(...receipts.map((r) => Number(r.blockNumber)));
    let gas = 0n;
    let txs = 0;
    for (let b = firstBlock; b <= lastBlock; b++) {
        const blk = await rpc("eth_getBlockByNumber", [ethers.toQuantity(b), false]);
        gas += BigInt(blk.gasUsed);
        txs += blk.transactions.length;
    }
    return {seconds, gas, retries, txs, sent: signed.length, blocks: lastBlock - firstBlock + 1};
}

// ---- ERC-20 transfers ---------------------------------------------------------------------------
const sol = compileContracts();
const token = new ethers.Interface(sol.TestToken.abi);
const deployer = senders[0];
const supply = 10n ** 30n;
const deployRaw = await deployer.signTransaction({
    ...fee,
    nonce: nonces[0]++,
    gasLimit: 3_000_000,
    data:
        ethers.concat([sol.TestToken.bytecode, token.encodeDeploy(["Bench Token", "BNCH", supply])])
});
const deployReceipt =
    await waitReceipt(await rpc("eth_sendRawTransaction", [deployRaw]), performance.now() + 60_000);
const tokenAddr = deployReceipt.contractAddress;
// Every sender gets tokens first (one transfer each from the deployer, in their own blocks).
const seedShare = supply / BigInt(kSenders * 2);
const seeds = [];
for (let s = 1; s < kSenders; s++)
    seeds.push(await deployer.signTransaction({
        ...fee,
        nonce: nonces[0]++,
        gasLimit: 100_000,
        to: tokenAddr,
        data: token.encodeFunctionData("transfer", [senders[s].address, seedShare])
    }));
await sendAll(seeds);
await waitReceipt(ethers.keccak256(seeds.at(-1)), performance.now() + 60_000);

// Each transfer goes to a fresh recipient per (sender, round) half of the time and to a
// recurring one otherwise, so the run writes both new and existing balance slots.
const recipient = (s, n) =>
    ethers.getAddress(ethers.toBeHex((n % 2 === 0 ? 0x100000 + s * 100000 + n : 0xbeef), 20));
const erc20 = await run(
    (s, n) => ({
        to: tokenAddr,
        gasLimit: 100_000,
        data: token.encodeFunctionData("transfer", [recipient(s, n), 1n])
    }),
    erc20Count);
if (erc20.txs !== erc20.sent)
    throw new Error(`the blocks hold ${erc20.txs} transactions, ${erc20.sent} were sent`);
console.log(
    `erc20_transfers=${erc20.sent} blocks=${erc20.blocks} gas_per_transfer=${
        (Number(erc20.gas) / erc20.sent).toFixed(0)} ` +
    `pool_retries=${erc20.retries}`);
console.log(`erc20_transfers_per_s=${(erc20.sent / erc20.seconds).toFixed(1)}`);
console.log(`mgas_per_s=${(Number(erc20.gas) / erc20.seconds / 1e6).toFixed(2)}`);

// ---- read requests per second -----------------------------------------------------------------
const holder = senders[1].address;
const balanceBody = {
    jsonrpc: "2.0",
    id: 1,
    method: "eth_getBalance",
    params: [holder, "latest"]
};
const callBody = {
    jsonrpc: "2.0",
    id: 1,
    method: "eth_call",
    params: [{to: tokenAddr, data: token.encodeFunctionData("balanceOf", [holder])}, "latest"]
};
const haveWrk = spawnSync("wrk", ["--version"]).error === undefined;
console.log(`rpc_client=${haveWrk ? "wrk" : "node-fetch"} rpc_connections=${rpcConnections}`);

/// Requests per second for one JSON-RPC body over rpcConnections connections, after checking one
/// answer.
async function reqPerSecond(body) {
    const check = await (await fetch(node.url, {
                      method: "POST",
                      headers: {"content-type": "application/json"},
                      body: JSON.stringify(body)
                  })).json();
    if (check.error || check.result === undefined)
        throw new Error(`${body.method}: ${JSON.stringify(check)}`);
    if (haveWrk) {
        const script = path.join(os.tmpdir(), `blend-bench-${process.pid}.lua`);
        fs.writeFileSync(
            script,
            `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n` +
                `wrk.body = ${JSON.stringify(JSON.stringify(body))}\n`);
        const out = spawnSync(
            "wrk", ["-t2", `-c${Math.max(2, rpcConnections)}`, `-d${rpcSeconds}s`, "-s", script, node.url], {encoding: "utf8"});
        fs.rmSync(script, {force: true});
        const m = /Requests\/sec:\s+([\d.]+)/.exec(out.stdout);
        if (!m || /Non-2xx|Socket errors/.test(out.stdout))
            throw new Error(`wrk: ${out.stdout}${out.stderr}`);
        return Number(m[1]);
    }
    let done = 0;
    const end = performance.now() + rpcSeconds * 1000;
    const text = JSON.stringify(body);
    await Promise.all(Array.from({length: rpcConnections}, async () => {
        while (performance.now() < end) {
            await (await fetch(
                       node.url,
                       {method: "POST", headers: {"content-type": "application/json"}, body: text}))
                .json();
            done++;
        }
    }));
    return done / rpcSeconds;
}
console.log(`get_balance_req_per_s=${(await reqPerSecond(balanceBody)).toFixed(0)}`);
console.log(`eth_call_req_per_s=${(await reqPerSecond(callBody)).toFixed(0)}`);
console.log(`rss_mib_after_txs=${rssMib(node.child.pid).toFixed(1)} (${
    erc20.sent + kSenders + 1} transactions)`);

// ---- memory after many plain transfers ---------------------------------------------------------
if (plainCount > 0) {
    const to = "0x000000000000000000000000000000000000bEEF";
    const plain = await run(() => ({to, value: 1n, gasLimit: 21000}), plainCount);
    const total = plain.sent + erc20.sent + kSenders + 1;
    console.log(
        `plain_transfers=${plain.sent} seconds=${plain.seconds.toFixed(1)} transfers_per_s=${
            (plain.sent / plain.seconds).toFixed(1)} ` +
        `pool_retries=${plain.retries}`);
    const label = plainCount % 1000 === 0 ? `${plainCount / 1000}k` : String(plainCount);
    console.log(`rss_mib_after_${label}_txs=${rssMib(node.child.pid).toFixed(1)} (${
        total} transactions in all)`);
}
console.log(
    `loadavg_end=${fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(",")}`);
await node.cleanup();
