// SPDX-License-Identifier: Apache-2.0
// Node benchmark (issue 8 item 9), one `name=value` line per figure:
//   transfers_per_s       signed transfers sent over eth_sendRawTransaction until every receipt
//                         is available (instant dev mode, 10 senders)
//   mgas_per_s            the same, in million gas per second
//   get_balance_req_per_s eth_getBalance over HTTP, 16 concurrent clients, 5 s
//   rss_mib_after_txs     the node's resident memory after the transfers
// Usage: node bench_node.mjs <blend binary> [transfers=2000]
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ethers } from "ethers";

const [blend, countArg] = process.argv.slice(2);
const count = Number(countArg ?? 2000);
const freePort = () => new Promise((resolve) => {
  const s = net.createServer();
  s.listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const datadir = fs.mkdtempSync(path.join(os.tmpdir(), "blend-bench-"));
const httpPort = await freePort();
const url = `http://127.0.0.1:${httpPort}`;
const child = spawn(blend, ["node", "--dev", "--datadir", datadir, "--http.port", String(httpPort),
  "--authrpc.port", String(await freePort()), "--ws.port", String(await freePort()), "--log.level", "error"],
  { stdio: ["ignore", "ignore", "inherit"] });

let id = 0;
async function rpc(method, params = []) {
  const r = await fetch(url, { method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params }) });
  const j = await r.json();
  if (j.error) throw new Error(`${method}: ${JSON.stringify(j.error)}`);
  return j.result;
}
for (let i = 0; ; i++) {
  try { await rpc("eth_chainId"); break; } catch { if (i > 600) throw new Error("node not up"); }
  await new Promise((r) => setTimeout(r, 100));
}

const mnemonic = ethers.Mnemonic.fromPhrase("test test test test test test test test test test test junk");
const senders = Array.from({ length: 10 }, (_, i) => ethers.HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`));
const to = "0x000000000000000000000000000000000000bEEF";
const perSender = Math.ceil(count / senders.length);
const signed = [];
for (let n = 0; n < perSender; n++)
  for (const w of senders)
    signed.push(await w.signTransaction({ type: 2, chainId: 1337, nonce: n, to, value: 1n, gasLimit: 21000,
      maxFeePerGas: 100_000_000_000n, maxPriorityFeePerGas: 1_000_000_000n }));
const lastHashes = signed.slice(-senders.length).map((raw) => ethers.keccak256(raw));

const t0 = performance.now();
const inflight = 32;
for (let i = 0; i < signed.length; i += inflight)
  await Promise.all(signed.slice(i, i + inflight).map((raw) => rpc("eth_sendRawTransaction", [raw])));
const giveUp = performance.now() + 600_000;
for (const h of lastHashes)
  while (!(await rpc("eth_getTransactionReceipt", [h]))) {
    if (performance.now() > giveUp) throw new Error(`no receipt for ${h} after 600 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
const seconds = (performance.now() - t0) / 1000;
console.log(`transfers_per_s=${(signed.length / seconds).toFixed(1)}`);
console.log(`mgas_per_s=${(signed.length * 21000 / seconds / 1e6).toFixed(2)}`);

let done = 0;
const until = performance.now() + 5000;
await Promise.all(Array.from({ length: 16 }, async () => {
  while (performance.now() < until) { await rpc("eth_getBalance", [to, "latest"]); done++; }
}));
console.log(`get_balance_req_per_s=${(done / 5).toFixed(0)}`);
const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
const rss = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
console.log(`rss_mib_after_txs=${(rss / 1024).toFixed(1)} (${signed.length} transactions)`);
child.kill("SIGTERM");
await new Promise((r) => child.on("exit", r));
fs.rmSync(datadir, { recursive: true, force: true });
