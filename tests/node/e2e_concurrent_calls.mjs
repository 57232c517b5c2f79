// SPDX-License-Identifier: Apache-2.0
// End-to-end: read-only executions run concurrently with each other and with block building
// (docs/node.md "JSON-RPC backend", Concurrency: eth_call, eth_estimateGas and
// debug_traceTransaction lease module caches of their own instead of taking the sequencer's
// lock). On `blend node --dev` (instant blocks) with TestToken (tests/node/contracts, solc): for
// a few seconds one client sends token transfers of 1 to a fixed holder, one block each, while two
// clients eth_call balanceOf(holder), one eth_estimateGas's a transfer and one traces the latest
// mined transfer. Checked: no request fails; each reader sees the balance never go down; every
// estimate lies between the transfer's gas used and that plus the SSTORE sentry (2,300) and 1.5 %;
// each trace's gasUsed equals its receipt's; at the end the balance equals the transfers sent.
//   node e2e_concurrent_calls.mjs <blend binary> [--seconds S=4]
import {ethers} from "ethers";

import {compileContracts, devKey, devProvider, kDevChainId, receiptOf, rpcRaw, startDevNode}
    from "./lib/dev_node.mjs";

const argv = process.argv.slice(2);
const blend = argv[0];
if (!blend) {
    console.error("usage: node e2e_concurrent_calls.mjs <blend> [--seconds S]");
    process.exit(2);
}
const si = argv.indexOf("--seconds");
const seconds = si > 0 ? Number(argv[si + 1]) : 4;

let failures = 0;
function check(name, ok, detail = "") {
    console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : " " + detail}`);
    if (!ok)
        failures++;
}
/// The first few problems of a kind, printed; all of them counted.
function problems(kind) {
    const list = [];
    return {
        list,
        add: (detail) => {
            list.push(detail);
            if (list.length <= 3)
                console.log(`  ${kind}: ${detail}`);
        }
    };
}

const node = await startDevNode(blend, {extra: ["--http.api", "eth,net,web3,debug"]});
try {
    const provider = devProvider(node.url);
    const wallet = new ethers.Wallet(devKey(0), provider);
    const sol = compileContracts();
    const factory = new ethers.ContractFactory(sol.TestToken.abi, sol.TestToken.bytecode, wallet);
    const token = await factory.deploy("Concurrent", "CC", 10n ** 24n);
    await token.waitForDeployment();
    const tokenAddr = await token.getAddress();
    const holder = "0x000000000000000000000000000000000000dEaD";
    const balanceData = token.interface.encodeFunctionData("balanceOf", [holder]);
    const transferData = token.interface.encodeFunctionData("transfer", [holder, 1n]);
    const rpc = (method, params) => rpcRaw(node.url, method, params);

    // The gas one such transfer uses, measured once on a mined one (a fresh holder pays more for
    // its first balance slot, so the holder gets its first token before the run).
    const first = await wallet.sendTransaction({to: tokenAddr, data: transferData, gasLimit: 100_000});
    const firstReceipt = await receiptOf(provider, first.hash);
    check("a first transfer to the holder mined", firstReceipt?.status === 1, JSON.stringify(firstReceipt));
    const second = await wallet.sendTransaction({to: tokenAddr, data: transferData, gasLimit: 100_000});
    const gasUsed = (await receiptOf(provider, second.hash))?.gasUsed ?? 0n;
    let sent = 2n;

    const end = performance.now() + seconds * 1000;
    const sendErrors = problems("eth_sendRawTransaction");
    const callErrors = problems("eth_call");
    const estimateErrors = problems("eth_estimateGas");
    const traceErrors = problems("debug_traceTransaction");
    let calls = 0;
    let estimates = 0;
    let traces = 0;
    let lastHash = second.hash;
    let nonce = await provider.getTransactionCount(wallet.address, "pending");

    const writer = async () => {
        while (performance.now() < end) {
            const raw = await wallet.signTransaction({
                type: 2, chainId: kDevChainId, nonce: nonce++, to: tokenAddr, data: transferData,
                gasLimit: 100_000, maxFeePerGas: 10n ** 10n, maxPriorityFeePerGas: 10n ** 9n
            });
            const r = await rpc("eth_sendRawTransaction", [raw]);
            if (r.error)
                sendErrors.add(JSON.stringify(r.error));
            else {
                sent++;
                lastHash = r.result;
            }
        }
    };
    const reader = async () => {
        let previous = 0n;
        while (performance.now() < end) {
            const r = await rpc("eth_call", [{to: tokenAddr, data: balanceData}, "latest"]);
            calls++;
            if (r.error || r.result === undefined) {
                callErrors.add(JSON.stringify(r));
                continue;
            }
            const value = BigInt(r.result);
            if (value < previous)
                callErrors.add(`balance went down: ${previous} -> ${value}`);
            previous = value;
        }
    };
    // The estimate: at least the gas used, above it at most by the SSTORE sentry and geth's 1.5 %.
    const estimator = async () => {
        while (performance.now() < end) {
            const r = await rpc(
                "eth_estimateGas", [{from: wallet.address, to: tokenAddr, data: transferData}]);
            estimates++;
            const est = r.result === undefined ? -1n : BigInt(r.result);
            if (r.error || est < gasUsed || est - gasUsed > 2300n + (est * 15n + 999n) / 1000n)
                estimateErrors.add(`${JSON.stringify(r)} (gas used ${gasUsed})`);
        }
    };
    const tracer = async () => {
        while (performance.now() < end) {
            const hash = lastHash;
            const receipt = await rpc("eth_getTransactionReceipt", [hash]);
            if (!receipt.result) {
                await new Promise((res) => setTimeout(res, 20));
                continue;
            }
            const t = await rpc("debug_traceTransaction", [hash, {tracer: "callTracer"}]);
            traces++;
            if (t.error || t.result.gasUsed !== receipt.result.gasUsed)
                traceErrors.add(`${JSON.stringify(t).slice(0, 200)} receipt ${receipt.result.gasUsed}`);
        }
    };
    await Promise.all([writer(), reader(), reader(), estimator(), tracer()]);

    console.log(`info ${sent} transfers sent, ${calls} eth_call, ${estimates} eth_estimateGas, ` +
                `${traces} traces in ${seconds} s`);
    check("transfers accepted while calls run", sendErrors.list.length === 0 && sent > 2n,
          `${sendErrors.list.length} refused`);
    check("every eth_call answered, the balance never going down",
          calls > 0 && callErrors.list.length === 0, `${callErrors.list.length} bad`);
    check("every eth_estimateGas answered within the gas used + 2,300 + 1.5 %",
          estimates > 0 && estimateErrors.list.length === 0, `${estimateErrors.list.length} bad`);
    check("every trace's gasUsed equals its receipt's", traces > 0 && traceErrors.list.length === 0,
          `${traceErrors.list.length} bad`);
    const last = await receiptOf(provider, lastHash);
    check("the last transfer mined", last?.status === 1, JSON.stringify(last));
    const final = BigInt((await rpc("eth_call", [{to: tokenAddr, data: balanceData}, "latest"])).result);
    check("the holder's balance equals the transfers sent", final === sent, `${final} != ${sent}`);
    provider.destroy();
} catch (e) {
    check("no exception", false, `${e.stack}\nnode output:\n${node.output}`);
} finally {
    await node.cleanup();
}
console.log(`e2e_concurrent_calls: ${failures === 0 ? "all passed" : failures + " failed"}`);
process.exit(failures === 0 ? 0 : 1);
