// SPDX-License-Identifier: Apache-2.0
// End-to-end of debug_traceTransaction with geth's callTracer (docs/node.md
// "debug_traceTransaction"): `blend node --dev --dev.period 2 --http.api eth,net,web3,debug`,
// Solidity contracts compiled here with solc (npm `solc`, standard JSON) and deployed with ethers
// v6, then traces over HTTP compared with the tree the contracts must produce:
//   - Caller.run(v): CALL Callee.set(v) (returns the old value), a STATICCALL to Callee.fail()
//     that reverts with Error("callee says no") and is caught, a STATICCALL to the identity
//     precompile (0x04), CREATE of Child; two such transactions in one block, so tracing the
//     second re-executes the first (its old value and its CREATE address depend on it);
//   - tracerConfig.onlyTopCall: the same top frame, no calls;
//   - a mined transaction that reverts (Caller.boom()): error and revertReason on the top frame
//     and on the failing child;
//   - a plain transfer: one CALL frame, 21,000 gas;
//   - geth's answers for an unknown transaction and an unknown tracer.
// Every expected value comes from the inputs (ABI coder, CREATE address rule, receipts), never
// from an earlier run of the node.
//   node e2e_trace.mjs <blend binary>
import {ethers} from "ethers";
import solc from "solc";

import {devKey, devProvider, startDevNode} from "./lib/dev_node.mjs";

const [blend] = process.argv.slice(2);
if (!blend) {
    console.error("usage: node e2e_trace.mjs <blend>");
    process.exit(2);
}

let failures = 0;
function check(name, ok, detail = "") {
    console.log(`${ok ? "ok  " : "FAIL"} ${name}${ok ? "" : " " + detail}`);
    if (!ok)
        failures++;
}
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x));
const eq = (a, b) =>
    typeof a === "string" && typeof b === "string" && a.toLowerCase() === b.toLowerCase();
const hexq = (n) => "0x" + BigInt(n).toString(16);
const coder = ethers.AbiCoder.defaultAbiCoder();
const kReason = "callee says no";
const kRevertData = ethers.concat(
    [ethers.id("Error(string)").slice(0, 10), coder.encode(["string"], [kReason])]);
const kIdentity = "0x0000000000000000000000000000000000000004";

const kSource = `// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.20;

contract Callee {
    uint256 public stored;
    function set(uint256 v) external returns (uint256 old) {
        old = stored;
        stored = v;
    }
    function fail() external pure {
        revert("${kReason}");
    }
}

contract Child {
    uint256 public x = 1;
}

contract Caller {
    Callee public immutable callee;
    constructor(Callee c) {
        callee = c;
    }
    function run(uint256 v) external returns (uint256 old) {
        old = callee.set(v);
        try callee.fail() {} catch {}
        (bool ok, bytes memory echo) = address(4).staticcall(abi.encode(v));
        require(ok && echo.length == 32, "identity");
        new Child();
    }
    function boom() external {
        callee.fail();
    }
}
`;

function compile() {
    const input = {
        language: "Solidity",
        sources: {"Trace.sol": {content: kSource}},
        settings: {
            evmVersion: "cancun",
            optimizer: {enabled: true, runs: 200},
            outputSelection: {"*": {"*": ["abi", "evm.bytecode.object", "evm.deployedBytecode.object"]}},
        },
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (out.errors ?? []).filter((e) => e.severity === "error");
    if (errors.length !== 0)
        throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
    const result = {};
    for (const [name, c] of Object.entries(out.contracts["Trace.sol"]))
        result[name] = {
            abi: c.abi,
            bytecode: "0x" + c.evm.bytecode.object,
            deployed: "0x" + c.evm.deployedBytecode.object,
        };
    return result;
}

const trace = async (node, hash, config) => node.rpc(
    "debug_traceTransaction", [hash, {tracer: "callTracer", ...(config ? {tracerConfig: config} : {})}]);

/// The fields every frame has, with geth's omissions: value absent for STATICCALL.
function checkFrame(name, f, want) {
    check(`${name}: type ${want.type}`, f?.type === want.type, show(f?.type));
    check(`${name}: from`, eq(f?.from, want.from), `${f?.from} != ${want.from}`);
    if (want.to === undefined)
        check(`${name}: no to`, f?.to === undefined, show(f?.to));
    else
        check(`${name}: to`, eq(f?.to, want.to), `${f?.to} != ${want.to}`);
    if (want.value === undefined)
        check(`${name}: no value`, f?.value === undefined, show(f?.value));
    else
        check(`${name}: value`, f?.value === hexq(want.value), show(f?.value));
    check(`${name}: input`, eq(f?.input, want.input), `${f?.input} != ${want.input}`);
    if (want.output === undefined)
        check(`${name}: no output`, f?.output === undefined, show(f?.output));
    else
        check(`${name}: output`, eq(f?.output, want.output), `${f?.output} != ${want.output}`);
    check(`${name}: error`, f?.error === want.error, show(f?.error));
    check(`${name}: revertReason`, f?.revertReason === want.revertReason, show(f?.revertReason));
    const gas = BigInt(f?.gas ?? "0x0");
    const used = BigInt(f?.gasUsed ?? "0x0");
    if (want.gas !== undefined)
        check(`${name}: gas`, gas === want.gas, `${gas} != ${want.gas}`);
    if (want.gasUsed !== undefined)
        check(`${name}: gasUsed`, used === want.gasUsed, `${used} != ${want.gasUsed}`);
    check(`${name}: gasUsed ≤ gas`, used <= gas, `${used} > ${gas}`);
    if (want.calls !== undefined)
        check(`${name}: ${want.calls} calls`, (f?.calls?.length ?? 0) === want.calls,
              show(f?.calls?.length));
}

const contracts = compile();
const node = await startDevNode(
    blend, {extra: ["--dev.period", "2", "--http.api", "eth,net,web3,debug"]});
try {
    const provider = devProvider(node.url);
    const wallet = new ethers.Wallet(devKey(3), provider);

    const calleeFactory =
        new ethers.ContractFactory(contracts.Callee.abi, contracts.Callee.bytecode, wallet);
    const callee = await calleeFactory.deploy();
    await callee.waitForDeployment();
    const calleeAddr = await callee.getAddress();
    const callerFactory =
        new ethers.ContractFactory(contracts.Caller.abi, contracts.Caller.bytecode, wallet);
    const caller = await callerFactory.deploy(calleeAddr);
    await caller.waitForDeployment();
    const callerAddr = await caller.getAddress();
    const calleeIf = new ethers.Interface(contracts.Callee.abi);
    const callerIf = new ethers.Interface(contracts.Caller.abi);

    // Two run() calls in one block: send both before the next 2-second block. A block boundary
    // can fall between them; try again with the next pair (Caller's CREATE nonce keeps counting).
    let pair;
    let runs = 0;  // run() calls made so far: Caller's nonce is 1 + runs
    let lastValue = 0n;
    for (let attempt = 0; attempt < 3 && !pair; ++attempt) {
        const nonce = await provider.getTransactionCount(wallet.address, "pending");
        const v1 = 100n + BigInt(attempt) * 2n, v2 = v1 + 1n;
        const txA = await caller.run(v1, {nonce, gasLimit: 600000n});
        const txB = await caller.run(v2, {nonce: nonce + 1, gasLimit: 600000n});
        const [ra, rb] = [await txA.wait(1, 30000), await txB.wait(1, 30000)];
        const info = {ra, rb, v1, v2, oldA: lastValue, runsBefore: runs};
        runs += 2;
        lastValue = v2;
        check(`run() pair ${attempt} mined with status 1`, ra.status === 1 && rb.status === 1,
              show([ra.status, rb.status]));
        if (ra.blockNumber === rb.blockNumber && rb.index === ra.index + 1)
            pair = info;
    }
    check("two run() transactions share a block", pair !== undefined);
    if (pair) {
        const {ra, rb, v1, v2, runsBefore} = pair;
        const tx = await provider.getTransaction(rb.hash);
        const r = await trace(node, rb.hash);
        check("debug_traceTransaction answers", r.result !== undefined, show(r.error));
        const top = r.result;
        checkFrame("top", top, {
            type: "CALL",
            from: wallet.address,
            to: callerAddr,
            value: 0n,
            input: callerIf.encodeFunctionData("run", [v2]),
            output: coder.encode(["uint256"], [v1]),  // Callee's old value: run(v1) came first
            gas: tx.gasLimit,
            gasUsed: rb.gasUsed,
            calls: 4,
        });
        const calls = top?.calls ?? [];
        checkFrame("CALL Callee.set", calls[0], {
            type: "CALL",
            from: callerAddr,
            to: calleeAddr,
            value: 0n,
            input: calleeIf.encodeFunctionData("set", [v2]),
            output: coder.encode(["uint256"], [v1]),
            calls: 0,
        });
        checkFrame("STATICCALL Callee.fail (caught)", calls[1], {
            type: "STATICCALL",
            from: callerAddr,
            to: calleeAddr,
            input: calleeIf.encodeFunctionData("fail", []),
            output: kRevertData,
            error: "execution reverted",
            revertReason: kReason,
            calls: 0,
        });
        checkFrame("STATICCALL identity", calls[2], {
            type: "STATICCALL",
            from: callerAddr,
            to: kIdentity,
            input: coder.encode(["uint256"], [v2]),
            output: coder.encode(["uint256"], [v2]),
            // Yellow Paper Appendix E: 15 + 3 per word.
            gasUsed: 18n,
        });
        // Caller's nonce: 1 at deployment (EIP-161), +1 per Child created; run(v1) created one.
        checkFrame("CREATE Child", calls[3], {
            type: "CREATE",
            from: callerAddr,
            to: ethers.getCreateAddress({from: callerAddr, nonce: 1 + runsBefore + 1}),
            value: 0n,
            input: contracts.Child.bytecode,
            output: contracts.Child.deployed,
        });
        const childGas = calls.reduce((s, c) => s + BigInt(c.gasUsed ?? "0x0"), 0n);
        check("children used less gas than the transaction", childGas < rb.gasUsed,
              `${childGas} >= ${rb.gasUsed}`);

        const only = await trace(node, rb.hash, {onlyTopCall: true});
        check("onlyTopCall: no calls", only.result && only.result.calls === undefined,
              show(only));
        check("onlyTopCall: same top frame",
              only.result && only.result.gasUsed === top?.gasUsed &&
                  only.result.output === top?.output && only.result.input === top?.input,
              show(only.result));

        const first = await trace(node, ra.hash);
        check("the block's first run() traces its own old value",
              eq(first.result?.output, coder.encode(["uint256"], [pair.oldA])),
              show(first.result?.output));
    }

    // A mined transaction that reverts: the failing child and the top frame carry the reason.
    const boom = await caller.boom({gasLimit: 300000n});
    const boomReceipt = await provider.waitForTransaction(boom.hash, 1, 30000);
    check("boom() mined with status 0", boomReceipt?.status === 0, show(boomReceipt?.status));
    const b = (await trace(node, boom.hash)).result;
    checkFrame("reverted top", b, {
        type: "CALL",
        from: wallet.address,
        to: callerAddr,
        value: 0n,
        input: callerIf.encodeFunctionData("boom", []),
        output: kRevertData,  // Solidity bubbles the child's revert data up
        error: "execution reverted",
        revertReason: kReason,
        gas: 300000n,
        gasUsed: boomReceipt?.gasUsed,
        calls: 1,
    });
    checkFrame("reverted child", b?.calls?.[0], {
        type: "STATICCALL",
        from: callerAddr,
        to: calleeAddr,
        input: calleeIf.encodeFunctionData("fail", []),
        output: kRevertData,
        error: "execution reverted",
        revertReason: kReason,
    });

    // A plain transfer.
    const recipient = new ethers.Wallet(devKey(18)).address;
    const send = await wallet.sendTransaction({to: recipient, value: 12345n});
    await send.wait(1, 30000);
    checkFrame("transfer", (await trace(node, send.hash)).result, {
        type: "CALL",
        from: wallet.address,
        to: recipient,
        value: 12345n,
        input: "0x",
        gas: send.gasLimit,
        gasUsed: 21000n,
        calls: 0,
    });

    // geth's answers: an unknown hash, an unknown tracer.
    const unknown = await trace(node, ethers.id("no such transaction"));
    check("unknown transaction: -32000 transaction not found",
          unknown.error?.code === -32000 && unknown.error?.message === "transaction not found",
          show(unknown));
    const badTracer =
        await node.rpc("debug_traceTransaction", [send.hash, {tracer: "prestateTracer"}]);
    check("unknown tracer: -32602", badTracer.error?.code === -32602, show(badTracer));
} catch (e) {
    check("no exception", false, `${e.stack ?? e}\n${node.output}`);
} finally {
    await node.cleanup();
}
console.log(failures === 0 ? "e2e trace: all checks passed" : `e2e trace: ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
