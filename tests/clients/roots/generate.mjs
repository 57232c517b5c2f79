// SPDX-License-Identifier: Apache-2.0
// Produces cross-check vectors for Blend's ordered trie roots, headers, receipts and blooms from
// @ethereumjs (a real client's libraries). Usage, from tests/:
//   node clients/roots/generate.mjs --seed 1 --out /tmp/roots.txt
// Output: one record per line, fields separated by spaces, byte strings as 0x-hex
// (see check_roots.cpp for the grammar). Everything is a function of the seed.
import { writeFileSync } from 'node:fs';

import { Block, BlockHeader } from '@ethereumjs/block';
import { Chain, Common, Hardfork } from '@ethereumjs/common';
import { RLP } from '@ethereumjs/rlp';
import { Trie } from '@ethereumjs/trie';
import { Address, Withdrawal, bigIntToUnpaddedBytes, bytesToHex } from '@ethereumjs/util';
import { keccak256 } from 'ethereum-cryptography/keccak.js';

// ---- arguments ----
const args = process.argv.slice(2);
const arg = (name, fallback) => {
    const i = args.indexOf(name);
    return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const seed = Number(arg('--seed', '1'));
const out = arg('--out', null);
if (out === null || !Number.isInteger(seed)) {
    console.error('usage: node generate.mjs --seed N --out FILE');
    process.exit(2);
}

// ---- deterministic randomness (mulberry32: small and good enough for test data) ----
let state = seed >>> 0;
const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
};
const below = (n) => next32() % n;
const bytes = (n) => {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = below(256);
    return b;
};
// An unsigned integer of up to `bits` bits, biased towards edge cases (0, 1, small, max).
const uint = (bits) => {
    switch (below(6)) {
        case 0:
            return 0n;
        case 1:
            return 1n;
        case 2:
            return BigInt(below(256));
        case 3:
            return (1n << BigInt(bits)) - 1n;
        default: {
            const size = 1 + below(bits / 8);
            let v = 0n;
            for (const x of bytes(size)) v = (v << 8n) | BigInt(x);
            return v;
        }
    }
};
const hex = (b) => bytesToHex(b);
const num = (v) => '0x' + v.toString(16);

const lines = [`# blend roots vectors v1 seed=${seed} @ethereumjs/block 5.3.0 trie 6.2.1`];

// ---- ordered trie roots over random lists (key rlp(i) → item) ----
// Item lengths: 0..300 (0 is an absent value: put() of an empty value deletes), only short
// items (< 32 bytes, so nodes get inlined), and only long ones.
const lengthModes = [() => below(301), () => below(32), () => 32 + below(269)];
for (const size of [0, 1, 2, 16, 17, 128, 1000]) {
    for (const mode of lengthModes) {
        const items = [];
        for (let i = 0; i < size; i++) items.push(bytes(mode()));
        const trie = new Trie();
        for (const [i, item] of items.entries()) await trie.put(RLP.encode(i), item);
        // The same root through the helper @ethereumjs/block uses for a header's
        // transactionsTrie (it only calls serialize() on each transaction).
        const viaBlock = await Block.genTransactionsTrieRoot(
            items.map((item) => ({ serialize: () => item })),
        );
        if (hex(viaBlock) !== hex(trie.root())) {
            console.error(`@ethereumjs disagrees with itself on a list of ${size}`);
            process.exit(1);
        }
        lines.push(`trie ${size} ${hex(trie.root())}`);
        for (const item of items) lines.push(`item ${hex(item)}`);
    }
}

// ---- withdrawals roots (EIP-4895) with Block.genWithdrawalsTrieRoot ----
for (const size of [0, 1, 2, 16, 17, 40]) {
    const ws = [];
    for (let i = 0; i < size; i++) {
        ws.push(
            Withdrawal.fromWithdrawalData({
                index: uint(64),
                validatorIndex: uint(64),
                address: new Address(bytes(20)),
                amount: uint(64),
            }),
        );
    }
    const root = await Block.genWithdrawalsTrieRoot(ws);
    lines.push(`withdrawals ${size} ${hex(root)}`);
    for (const w of ws) {
        lines.push(
            `withdrawal ${num(w.index)} ${num(w.validatorIndex)} ${w.address.toString()} ${num(w.amount)}`,
        );
    }
}

// ---- headers of each shape, serialized and hashed by @ethereumjs/block ----
const shapes = [
    ['frontier', Hardfork.Chainstart],
    ['london', Hardfork.London],
    ['shanghai', Hardfork.Shanghai],
    ['cancun', Hardfork.Cancun],
    ['prague', Hardfork.Prague],
];
for (const [shape, hardfork] of shapes) {
    const common = new Common({ chain: Chain.Mainnet, hardfork });
    for (let n = 0; n < 25; n++) {
        // @ethereumjs checks gasUsed <= gasLimit (a validity rule, not a format one): keep it.
        const gasLimit = uint(64);
        const gasUsed = gasLimit === 0n ? 0n : uint(64) % (gasLimit + 1n);
        const data = {
            parentHash: bytes(32),
            uncleHash: bytes(32),
            coinbase: new Address(bytes(20)),
            stateRoot: bytes(32),
            transactionsTrie: bytes(32),
            receiptTrie: bytes(32),
            logsBloom: bytes(256),
            difficulty: uint(256),
            number: uint(64),
            gasLimit,
            gasUsed,
            timestamp: uint(64),
            extraData: bytes(below(33)),
            mixHash: bytes(32),
            nonce: bytes(8),
        };
        if (shape !== 'frontier') data.baseFeePerGas = uint(256);
        if (shape === 'shanghai' || shape === 'cancun' || shape === 'prague')
            data.withdrawalsRoot = bytes(32);
        if (shape === 'cancun' || shape === 'prague') {
            data.blobGasUsed = uint(64);
            data.excessBlobGas = uint(64);
            data.parentBeaconBlockRoot = bytes(32);
        }
        // EIP-7685's 32-byte commitment (named requestsRoot in this @ethereumjs release).
        if (shape === 'prague') data.requestsRoot = bytes(32);
        const header = BlockHeader.fromHeaderData(data, {
            common,
            skipConsensusFormatValidation: true,
        });
        lines.push(`header ${shape} ${hex(header.hash())} ${hex(header.serialize())}`);
        const fields = [
            ['parentHash', hex(header.parentHash)],
            ['ommersHash', hex(header.uncleHash)],
            ['coinbase', header.coinbase.toString()],
            ['stateRoot', hex(header.stateRoot)],
            ['transactionsRoot', hex(header.transactionsTrie)],
            ['receiptsRoot', hex(header.receiptTrie)],
            ['logsBloom', hex(header.logsBloom)],
            ['difficulty', num(header.difficulty)],
            ['number', num(header.number)],
            ['gasLimit', num(header.gasLimit)],
            ['gasUsed', num(header.gasUsed)],
            ['timestamp', num(header.timestamp)],
            ['extraData', hex(header.extraData)],
            ['mixHash', hex(header.mixHash)],
            ['nonce', hex(header.nonce)],
        ];
        if (header.baseFeePerGas !== undefined)
            fields.push(['baseFeePerGas', num(header.baseFeePerGas)]);
        if (header.withdrawalsRoot !== undefined)
            fields.push(['withdrawalsRoot', hex(header.withdrawalsRoot)]);
        if (header.blobGasUsed !== undefined) {
            fields.push(['blobGasUsed', num(header.blobGasUsed)]);
            fields.push(['excessBlobGas', num(header.excessBlobGas)]);
        }
        if (header.parentBeaconBlockRoot !== undefined)
            fields.push(['parentBeaconBlockRoot', hex(header.parentBeaconBlockRoot)]);
        if (header.requestsRoot !== undefined)
            fields.push(['requestsHash', hex(header.requestsRoot)]);
        for (const [name, value] of fields) lines.push(`field ${name} ${value}`);
        lines.push('end');
    }
}

// ---- receipts with logs, their blooms and the receipts root ----
// @ethereumjs/block has no receipt encoder or bloom (they live in @ethereumjs/vm, not pinned),
// so these are written here from the Yellow Paper (§4.3.1 bloom; EIP-658 status; EIP-2718
// envelopes), independently of the C++ code; the root comes from @ethereumjs/trie.
const bloomOf = (logs) => {
    const bloom = new Uint8Array(256);
    const add = (item) => {
        const h = keccak256(item);
        for (let i = 0; i < 6; i += 2) {
            const bit = ((h[i] << 8) | h[i + 1]) & 2047;
            bloom[255 - (bit >> 3)] |= 1 << (bit & 7);
        }
    };
    for (const log of logs) {
        add(log.address);
        for (const t of log.topics) add(t);
    }
    return bloom;
};
const encodeReceipt = (r) => {
    const body = RLP.encode([
        r.status ? Uint8Array.of(1) : Uint8Array.of(),
        bigIntToUnpaddedBytes(r.cumulativeGasUsed),
        r.bloom,
        r.logs.map((l) => [l.address, l.topics, l.data]),
    ]);
    if (r.type === 0) return body;
    const typed = new Uint8Array(body.length + 1);
    typed[0] = r.type;
    typed.set(body, 1);
    return typed;
};
for (const size of [0, 1, 2, 16, 17, 60]) {
    const receipts = [];
    let gas = 0n;
    for (let i = 0; i < size; i++) {
        const logs = [];
        const nlogs = below(4) === 0 ? 0 : 1 + below(5);
        for (let j = 0; j < nlogs; j++) {
            const topics = [];
            for (let k = below(5); k > 0; k--) topics.push(bytes(32));
            logs.push({ address: bytes(20), topics, data: bytes(below(4) === 0 ? 0 : below(100)) });
        }
        gas += BigInt(21000 + below(1000000));
        const r = { type: below(5), status: below(3) !== 0, cumulativeGasUsed: gas, logs };
        r.bloom = bloomOf(logs);
        r.encoded = encodeReceipt(r);
        receipts.push(r);
    }
    const trie = new Trie();
    for (const [i, r] of receipts.entries()) await trie.put(RLP.encode(i), r.encoded);
    const blockBloom = new Uint8Array(256);
    for (const r of receipts) for (let i = 0; i < 256; i++) blockBloom[i] |= r.bloom[i];
    lines.push(`receipts ${size} ${hex(trie.root())} ${hex(blockBloom)}`);
    for (const r of receipts) {
        lines.push(
            `receipt ${r.type} ${r.status ? 1 : 0} ${num(r.cumulativeGasUsed)} ${r.logs.length} ${hex(r.bloom)} ${hex(r.encoded)}`,
        );
        for (const l of r.logs)
            lines.push(`log ${hex(l.address)} ${hex(l.data)} ${l.topics.map(hex).join(' ')}`.trimEnd());
    }
}

lines.push('done');
writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} lines to ${out}`);
