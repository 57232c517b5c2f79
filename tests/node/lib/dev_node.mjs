// SPDX-License-Identifier: Apache-2.0
// Shared by the node's e2e tests (tests/node/e2e_*.mjs) and tests/node/bench_node.mjs: start
// `blend node` (--dev unless told otherwise) on free loopback ports with a temporary datadir,
// plain JSON-RPC over HTTP, ethers providers that see every block of an instant-mode node, the dev
// accounts, and solc (npm `solc`, standard JSON) for the contracts in tests/node/contracts.
import {ethers} from "ethers";
import {spawn} from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import solc from "solc";

const here = path.dirname(fileURLToPath(import.meta.url));
export const contractsDir = path.resolve(here, "../contracts");

/// The dev accounts of `blend node --dev` (docs/node.md): the standard test mnemonic,
/// m/44'/60'/0'/0/i, 10,000 ETH each in the dev genesis.
export const kDevMnemonic = "test test test test test test test test test test test junk";
export const kDevChainId = 1337;
export function devKey(i) {
    const mnemonic = ethers.Mnemonic.fromPhrase(kDevMnemonic);
    return ethers.HDNodeWallet.fromMnemonic(mnemonic, `m/44'/60'/0'/0/${i}`).privateKey;
}

export function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.listen(0, "127.0.0.1", () => {
            const {port} = s.address();
            s.close(() => resolve(port));
        });
        s.on("error", reject);
    });
}

/// One JSON-RPC request over HTTP; answers the whole response object ({result} or {error}).
export async function rpcRaw(url, method, params = []) {
    const r = await fetch(url, {
        method: "POST",
        headers: {"content-type": "application/json"},
        body: JSON.stringify({jsonrpc: "2.0", id: 1, method, params}),
    });
    return r.json();
}

/// Starts `blend node` (HTTP, WebSocket and the Engine port on their own free ports, a fresh
/// temporary datadir unless one is given, which is then left in place) and waits until it answers
/// eth_chainId. `dev: false` leaves out --dev (no dev sequencer: a consensus client drives the
/// chain over the Engine port, node.authUrl); `ws: false` leaves out the WebSocket server.
export async function startDevNode(
    blend, {extra = [], datadir, logLevel = "warn", dev = true, ws = true} = {}) {
    const dir = datadir ?? fs.mkdtempSync(path.join(os.tmpdir(), "blend-e2e-"));
    const httpPort = await freePort();
    const wsPort = await freePort();
    const authPort = await freePort();
    const child = spawn(
        blend,
        [
            "node", ...(dev ? ["--dev"] : []), "--datadir", dir, "--http.port", String(httpPort),
            ...(ws ? ["--ws", "--ws.port", String(wsPort)] : []), "--authrpc.port",
            String(authPort), "--log.level", logLevel, ...extra
        ],
        {stdio: ["ignore", "pipe", "pipe"]});
    const node = {
        child,
        datadir: dir,
        url: `http://127.0.0.1:${httpPort}`,
        wsUrl: ws ? `ws://127.0.0.1:${wsPort}` : null,
        authUrl: `http://127.0.0.1:${authPort}`,
        output: "",
        rpc: (method, params) => rpcRaw(node.url, method, params),
    };
    const keep = (d) => {
        // Keep the last 64 KiB: enough to show why a run failed, bounded on long benchmarks.
        node.output = (node.output + d).slice(-65536);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    // A binary that cannot be started (missing, not executable) ends like an early exit.
    node.exited = new Promise((resolve) => {
        child.on("exit", (code, signal) => resolve({code, signal}));
        child.on("error", (error) => resolve({error: String(error)}));
    });
    node.stop = async () => {
        if (child.pid !== undefined && child.exitCode === null && child.signalCode === null)
            child.kill("SIGTERM");
        return node.exited;
    };
    node.cleanup = async () => {
        await node.stop();
        if (!datadir)
            fs.rmSync(dir, {recursive: true, force: true});
    };
    for (let i = 0; i < 600; i++) {
        try {
            const r = await node.rpc("eth_chainId");
            if (r.result)
                return node;
        } catch { /* not listening yet */
        }
        const done =
            await Promise.race([node.exited, new Promise((r) => setTimeout(() => r(null), 100))]);
        if (done) {
            if (!datadir)
                fs.rmSync(dir, {recursive: true, force: true});
            throw new Error(`node exited early (${JSON.stringify(done)}): ${node.output}`);
        }
    }
    await node.cleanup();
    throw new Error("node did not answer eth_chainId within 60 s");
}

/// An ethers provider for a dev node: polling every 100 ms, no response cache, and one block
/// listener kept for its whole life. ethers' waitForTransaction and tx.wait() look the receipt
/// up once and only then start a block poller whose first poll is its baseline; a block an
/// instant-mode node seals in between is never announced and the wait runs into its timeout
/// (a CI failure of e2e_solidity). With a poller already running from the start, every new
/// block is announced. `provider.destroy()` stops it.
export function devProvider(url) {
    const provider = new ethers.JsonRpcProvider(
        url, ethers.Network.from(kDevChainId),
        {staticNetwork: true, polling: true, pollingInterval: 100, cacheTimeout: -1});
    provider.on("block", () => {});
    return provider;
}

/// The receipt of `hash`, polled every 100 ms for up to 30 s (null after that): for waits that
/// must not depend on block announcements at all.
export async function receiptOf(provider, hash) {
    for (let i = 0; i < 300; i++) {
        const r = await provider.getTransactionReceipt(hash);
        if (r)
            return r;
        await new Promise((res) => setTimeout(res, 100));
    }
    return null;
}

/// Compiles tests/node/contracts/*.sol with solc's standard JSON interface. evmVersion cancun:
/// what the EVM runtime is tested against (state tests, docs/statetest.md); solc 0.8.30 defaults
/// to prague, which emits no new opcodes for these contracts, so either works.
export function compileContracts() {
    const sources = {};
    for (const f of fs.readdirSync(contractsDir).filter((x) => x.endsWith(".sol")).sort())
        sources[f] = {content: fs.readFileSync(path.join(contractsDir, f), "utf8")};
    const input = {
        language: "Solidity",
        sources,
        settings: {
            evmVersion: "cancun",
            optimizer: {enabled: true, runs: 200},
            outputSelection: {
                "*": {
                    "*": [
                        "abi", "evm.bytecode.object", "evm.deployedBytecode.object",
                        "evm.deployedBytecode.immutableReferences"
                    ]
                }
            },
        },
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (out.errors ?? []).filter((e) => e.severity === "error");
    if (errors.length !== 0)
        throw new Error(
            `solc ${solc.version()}: ${errors.map((e) => e.formattedMessage).join("\n")}`);
    const result = {version: solc.version()};
    for (const contracts of Object.values(out.contracts))
        for (const [name, c] of Object.entries(contracts))
            result[name] = {
                abi: c.abi,
                bytecode: "0x" + c.evm.bytecode.object,
                deployedBytecode: "0x" + c.evm.deployedBytecode.object,
                immutableReferences: c.evm.deployedBytecode.immutableReferences ?? {},
            };
    return result;
}

/// Resident memory of a process in MiB (Linux /proc).
export function rssMib(pid) {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}
