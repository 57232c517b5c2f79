// SPDX-License-Identifier: Apache-2.0
// Generates signed transactions with ethers v6 (a real client) for blend-check-transactions.
//
//   node generate.mjs SEED OUT.json [COUNT_PER_KIND]
//
// Kinds: legacy without replay protection (v = 27/28), legacy EIP-155, EIP-2930, EIP-1559 and
// EIP-7702 (1-3 authorizations each, signed over ethers' hashAuthorization digest), with random
// fields; plus a few EIP-4844 transactions (canonical, network and EIP-7594 forms) that Blend
// must refuse. Everything in the output is computed by ethers: the serialized bytes, the hash,
// the signing hash, the sender and each authority. The private keys are included so that the
// checker can sign the same fields and compare signatures (both sides use RFC 6979 nonces).
// Numbers: uint64-sized fields as decimal strings, 256-bit fields as 32-byte hex.
import {
    Signature,
    SigningKey,
    Transaction,
    hashAuthorization,
    hexlify,
    toBeHex,
    verifyAuthorization,
    version,
    zeroPadValue,
} from "ethers";
import { writeFileSync } from "node:fs";

const args = process.argv.slice(2);
if (args.length < 2) {
    console.error("usage: node generate.mjs SEED OUT.json [COUNT_PER_KIND]");
    process.exit(2);
}
const seed = BigInt(args[0]);
const outPath = args[1];
const countPerKind = args.length > 2 ? Number(args[2]) : 500;

// SplitMix64: a small, fully deterministic generator, so a seed reproduces a file exactly.
const MASK64 = (1n << 64n) - 1n;
let state = seed & MASK64;
function next64() {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
}
const below = (n) => Number(next64() % BigInt(n));
const chance = (p) => below(1_000_000) < p * 1_000_000;
function randomBytes(n) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; ++i) out[i] = Number(next64() & 0xffn);
    return out;
}
function randomBits(bits) {
    let v = 0n;
    for (let i = 0; i < bits; i += 64) v = (v << 64n) | next64();
    return v & ((1n << BigInt(bits)) - 1n);
}
// Values spread over every byte length 0..maxBits/8, with the edges picked on purpose.
function randomUint(maxBits) {
    const max = (1n << BigInt(maxBits)) - 1n;
    const edges = [0n, 1n, 0x7fn, 0x80n, 0xffn, 0x100n, max, max - 1n, 1n << BigInt(maxBits - 1)];
    if (chance(0.15)) return edges[below(edges.length)];
    return randomBits(1 + below(maxBits));
}
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
function randomKey() {
    for (;;) {
        const k = randomBits(256);
        if (k !== 0n && k < N) return new SigningKey(toBeHex(k, 32));
    }
}
const randomAddress = () => hexlify(randomBytes(20));
function randomData() {
    const r = below(100);
    const size = r < 10 ? 0 : r < 15 ? 1 : r < 90 ? below(120) : r < 97 ? below(2000) : below(70000);
    const data = randomBytes(size);
    // One byte below 0x80 is its own RLP encoding; make sure it occurs.
    if (size === 1 && chance(0.5)) data[0] = below(0x80);
    return hexlify(data);
}
function randomAccessList() {
    const entries = [];
    const n = chance(0.3) ? 0 : below(5);
    for (let i = 0; i < n; ++i) {
        const keys = [];
        const m = below(5);
        for (let j = 0; j < m; ++j) keys.push(hexlify(randomBytes(32)));
        // Repeated addresses are legal in EIP-2930 and must survive a round trip.
        const address = i > 0 && chance(0.1) ? entries[0].address : randomAddress();
        entries.push({ address, storageKeys: keys });
    }
    return entries;
}
// A tip cap in [0, maxFee], with both ends picked on purpose.
function tipUpTo(maxFee) {
    const r = below(10);
    if (r === 0) return 0n;
    if (r === 1) return maxFee;
    return randomBits(256) % (maxFee + 1n);
}
const hex32 = (v) => toBeHex(BigInt(v), 32);

function authorizationsFor(chainId) {
    const list = [];
    const records = [];
    const n = 1 + below(3);
    for (let i = 0; i < n; ++i) {
        const signer = randomKey();
        const choice = below(4);
        // EIP-7702 authorization chain ids are 256-bit; 0 means "any chain".
        const authChainId = choice === 0 ? 0n : choice === 1 ? chainId : randomUint(256);
        const auth = { address: randomAddress(), nonce: randomUint(64), chainId: authChainId };
        let signature = signer.sign(hashAuthorization(auth));
        let corrupted = false;
        if (chance(0.06)) {
            corrupted = true;
            // A signature whose r is not the x of any curve point (x = 5): no authority.
            signature = Signature.from({ r: hex32(5), s: signature.s, yParity: signature.yParity });
        }
        const signed = { ...auth, signature };
        let authority = null;
        try {
            authority = verifyAuthorization(auth, signature);
        } catch {
            authority = null;
        }
        list.push(signed);
        records.push({
            chainId: hex32(authChainId),
            address: auth.address.toLowerCase(),
            nonce: auth.nonce.toString(),
            yParity: signature.yParity,
            r: hex32(signature.r),
            s: hex32(signature.s),
            authority,
            // The key, so that the checker can re-sign and compare (RFC 6979 is deterministic);
            // null when the signature was corrupted on purpose.
            privateKey: corrupted ? null : signer.privateKey,
        });
    }
    return { list, records };
}

function makeTransaction(kind) {
    const key = randomKey();
    const fields = {
        nonce: Number(randomBits(1 + below(53))),
        gasLimit: randomUint(64),
        value: randomUint(256),
        data: randomData(),
    };
    let authRecords = [];
    if (kind === "legacy" || kind === "legacy-eip155") {
        fields.type = 0;
        fields.gasPrice = randomUint(256);
        // v = chain_id * 2 + 36 must fit 64 bits (Blend's chain ids are uint64).
        fields.chainId = kind === "legacy" ? 0n : 1n + randomUint(62);
    } else {
        fields.chainId = randomUint(64);
        fields.accessList = randomAccessList();
        if (kind === "eip2930") {
            fields.type = 1;
            fields.gasPrice = randomUint(256);
        } else {
            fields.type = kind === "eip1559" ? 2 : 4;
            // ethers (like every client) refuses a tip cap above the fee cap.
            fields.maxFeePerGas = randomUint(256);
            fields.maxPriorityFeePerGas = tipUpTo(fields.maxFeePerGas);
        }
    }
    // Contract creation (to = null) everywhere but EIP-7702, which forbids it.
    fields.to = kind !== "eip7702" && chance(0.15) ? null : randomAddress();
    if (kind === "eip7702") {
        const { list, records } = authorizationsFor(fields.chainId);
        fields.authorizationList = list;
        authRecords = records;
    }
    const tx = Transaction.from(fields);
    const unsignedHash = tx.unsignedHash;
    tx.signature = key.sign(unsignedHash);
    const raw = tx.serialized;
    // ethers must read its own output back to the same sender and hash.
    const parsed = Transaction.from(raw);
    if (parsed.from !== tx.from || parsed.hash !== tx.hash) throw new Error("ethers round trip");
    const sig = tx.signature;
    return {
        kind,
        type: tx.type,
        raw,
        hash: tx.hash,
        signingHash: unsignedHash,
        from: tx.from,
        privateKey: key.privateKey,
        chainId: kind === "legacy" ? null : tx.chainId.toString(),
        nonce: tx.nonce.toString(),
        gasLimit: tx.gasLimit.toString(),
        gasPrice: hex32(tx.type < 2 ? tx.gasPrice : 0n),
        maxPriorityFeePerGas: hex32(tx.type >= 2 ? tx.maxPriorityFeePerGas : 0n),
        maxFeePerGas: hex32(tx.type >= 2 ? tx.maxFeePerGas : 0n),
        to: tx.to === null ? null : tx.to.toLowerCase(),
        value: hex32(tx.value),
        data: tx.data,
        accessList: (tx.type === 0 ? [] : tx.accessList).map((e) => ({
            address: e.address.toLowerCase(),
            storageKeys: e.storageKeys,
        })),
        authorizationList: authRecords,
        yParity: sig.yParity,
        // v as it is on the wire, read back by ethers' parser (chain_id * 2 + 35/36 or 27/28).
        v: kind.startsWith("legacy")
            ? BigInt(parsed.signature.networkV ?? parsed.signature.v).toString()
            : null,
        r: hex32(sig.r),
        s: hex32(sig.s),
    };
}

// EIP-4844 transactions: Blend must recognise and refuse every form of them.
function makeBlobTransaction(form) {
    const key = randomKey();
    const fields = {
        type: 3,
        chainId: randomUint(64),
        nonce: below(1000),
        gasLimit: randomUint(64),
        maxFeePerBlobGas: randomUint(256),
        to: randomAddress(),
        value: randomUint(256),
        data: randomData(),
        accessList: randomAccessList(),
    };
    fields.maxFeePerGas = randomUint(256);
    fields.maxPriorityFeePerGas = tipUpTo(fields.maxFeePerGas);
    if (form === "canonical") {
        fields.blobVersionedHashes = [hexlify(new Uint8Array([1, ...randomBytes(31)]))];
    } else {
        // Blob, commitment and proof are random: refusing must not depend on their validity.
        const proofSize = form === "eip7594" ? 48 * 128 : 48;
        fields.blobs = [{
            data: hexlify(randomBytes(4096 * 32)),
            commitment: hexlify(randomBytes(48)),
            proof: hexlify(randomBytes(proofSize)),
        }];
        if (form === "eip7594") fields.blobWrapperVersion = 1;
    }
    const tx = Transaction.from(fields);
    tx.signature = key.sign(tx.unsignedHash);
    return { kind: `blob-${form}`, type: 3, raw: tx.serialized, hash: tx.hash };
}

const kinds = ["legacy", "legacy-eip155", "eip2930", "eip1559", "eip7702"];
const transactions = [];
for (const kind of kinds)
    for (let i = 0; i < countPerKind; ++i) transactions.push(makeTransaction(kind));
const blobTransactions = [];
for (const form of ["canonical", "canonical", "canonical", "network", "eip7594"])
    blobTransactions.push(makeBlobTransaction(form));

writeFileSync(outPath, JSON.stringify({
    generator: `ethers ${version}`,
    seed: seed.toString(),
    countPerKind,
    transactions,
    blobTransactions,
}));
const counts = kinds.map((k) => `${k}=${transactions.filter((t) => t.kind === k).length}`);
console.log(`generated ${transactions.length} transactions (${counts.join(" ")}) and ` +
    `${blobTransactions.length} blob transactions with ethers ${version} -> ${outPath}`);
