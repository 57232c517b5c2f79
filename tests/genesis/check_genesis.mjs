// SPDX-License-Identifier: Apache-2.0
// Cross-checks blend's genesis header and hash against @ethereumjs/block: `blend genesis dev`
// writes the dev genesis; this script reads the JSON itself, takes only the state root from
// `blend genesis hash` (the SMBT root, which no Ethereum library computes), builds the Prague
// header with @ethereumjs/block and compares the block hash. The same for genesis files with
// every header field set to a random value. The dev alloc is checked against ethers.
//   node genesis/check_genesis.mjs BLEND WORK_DIR [SEED]
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

import { BlockHeader } from '@ethereumjs/block';
import { Chain, Common, Hardfork } from '@ethereumjs/common';
import { Address, KECCAK256_RLP, bytesToHex, hexToBytes } from '@ethereumjs/util';
import { HDNodeWallet, parseEther } from 'ethers';

const [blend, work, seedArg] = process.argv.slice(2);
if (!blend || !work) {
    console.error('usage: node genesis/check_genesis.mjs BLEND WORK_DIR [SEED]');
    process.exit(2);
}
mkdirSync(work, { recursive: true });

let state = Number(seedArg ?? '1') >>> 0;  // mulberry32
const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
};
const randHex = (n) => '0x' + Array.from({ length: n },
    () => (next32() & 0xff).toString(16).padStart(2, '0')).join('');

let passed = 0;
let failed = 0;
const check = (name, ok, detail = '') => {
    if (ok) passed++;
    else {
        failed++;
        console.log(`FAIL: ${name}\n${detail}`);
    }
};

const blendHash = (file) => {
    const out = execFileSync(blend, ['genesis', 'hash', file], { encoding: 'utf8' });
    const fields = Object.fromEntries(out.trim().split('\n').map((l) => l.split('=')));
    return fields;
};

// The genesis header as geth builds it from the file (core.Genesis.toBlock), Prague shape.
const header = (g, stateRoot) => {
    const common = new Common({ chain: Chain.Mainnet, hardfork: Hardfork.Prague });
    const q = (v, d) => BigInt(v ?? d);
    return BlockHeader.fromHeaderData({
        parentHash: new Uint8Array(32),
        coinbase: new Address(hexToBytes(g.coinbase ?? '0x' + '00'.repeat(20))),
        stateRoot: hexToBytes(stateRoot),
        transactionsTrie: KECCAK256_RLP,
        receiptTrie: KECCAK256_RLP,
        logsBloom: new Uint8Array(256),
        difficulty: q(g.difficulty, 0),
        number: 0n,
        gasLimit: q(g.gasLimit),
        gasUsed: 0n,
        timestamp: q(g.timestamp, 0),
        extraData: hexToBytes(g.extraData ?? '0x'),
        mixHash: hexToBytes(g.mixHash ?? '0x' + '00'.repeat(32)),
        nonce: hexToBytes('0x' + q(g.nonce, 0).toString(16).padStart(16, '0')),
        baseFeePerGas: q(g.baseFeePerGas, 1000000000),  // EIP-1559 INITIAL_BASE_FEE
        withdrawalsRoot: KECCAK256_RLP,
        blobGasUsed: 0n,
        excessBlobGas: 0n,
        parentBeaconBlockRoot: new Uint8Array(32),
        // EIP-7685 requests hash of no requests: sha256 of the empty string.
        requestsRoot: createHash('sha256').update('').digest(),
    }, { common, skipConsensusFormatValidation: true });
};

// ---- the dev genesis ----
const devFile = `${work}/dev-genesis.json`;
execFileSync(blend, ['genesis', 'dev', '--out', devFile]);
const dev = JSON.parse(readFileSync(devFile, 'utf8'));
check('dev chainId 1337', dev.config.chainId === 1337, `got ${dev.config.chainId}`);
check('dev gasLimit 30M', BigInt(dev.gasLimit) === 30000000n, `got ${dev.gasLimit}`);
for (const fork of ['homesteadBlock', 'eip150Block', 'eip155Block', 'eip158Block',
    'byzantiumBlock', 'constantinopleBlock', 'petersburgBlock', 'istanbulBlock', 'berlinBlock',
    'londonBlock', 'shanghaiTime', 'cancunTime', 'pragueTime'])
    check(`dev ${fork} = 0`, dev.config[fork] === 0, `got ${dev.config[fork]}`);
const alloc = Object.fromEntries(Object.entries(dev.alloc).map(([a, v]) => [a.toLowerCase(), v]));
check('dev alloc has 20 accounts', Object.keys(alloc).length === 20);
for (let i = 0; i < 20; i++) {
    const w = HDNodeWallet.fromPhrase('test test test test test test test test test test test junk',
        '', `m/44'/60'/0'/0/${i}`);
    const a = alloc[w.address.toLowerCase()];
    check(`dev account ${i} ${w.address} funded with 10,000 ETH`,
        a !== undefined && BigInt(a.balance) === parseEther('10000'), `  got ${JSON.stringify(a)}`);
}
const devOut = blendHash(devFile);
const devHeader = header(dev, devOut.stateRoot);
check('dev genesis hash (ethereumjs)', bytesToHex(devHeader.hash()) === devOut.hash,
    `  ethereumjs ${bytesToHex(devHeader.hash())}\n  blend      ${devOut.hash}`);
console.log(`dev genesis: stateRoot ${devOut.stateRoot} hash ${devOut.hash}`);

// ---- random header fields ----
for (let n = 0; n < 10; n++) {
    const g = JSON.parse(JSON.stringify(dev));
    g.timestamp = '0x' + (next32() * 4096 + (next32() & 0xfff)).toString(16);
    g.nonce = '0x' + BigInt(randHex(8)).toString(16);
    g.extraData = randHex(next32() % 33);
    g.gasLimit = '0x' + (5000 + next32()).toString(16);
    g.difficulty = '0x' + (next32() % 3 === 0 ? '0' : (next32() + 1).toString(16));
    g.mixHash = randHex(32);
    g.coinbase = randHex(20);
    g.baseFeePerGas = BigInt(randHex(1 + (next32() % 32))).toString();  // decimal on purpose
    const key = randHex(20);
    g.alloc[key] = { balance: BigInt(randHex(16)).toString(), nonce: '0x' + next32().toString(16),
        // Raw rWasm code (EF 52) is refused in genesis (kRwasmCode); keep random code clear of it.
        code: randHex(next32() % 40).replace(/^0xef52/i, '0x0052'),
        storage: { [randHex(32)]: randHex(32) } };
    const file = `${work}/random-genesis-${n}.json`;
    writeFileSync(file, JSON.stringify(g));
    const out = blendHash(file);
    const h = header(g, out.stateRoot);
    check(`random genesis ${n} hash (ethereumjs)`, bytesToHex(h.hash()) === out.hash,
        `  file ${file}\n  ethereumjs ${bytesToHex(h.hash())}\n  blend      ${out.hash}`);
    check(`random genesis ${n} state root differs from dev`, out.stateRoot !== devOut.stateRoot);
}

console.log(`genesis vs ethereumjs: passed ${passed} of ${passed + failed}`);
process.exit(failed === 0 ? 0 : 1);
