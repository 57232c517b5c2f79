// SPDX-License-Identifier: Apache-2.0
// Reference vectors for the SDK's host-side tests (sdk_abi_test.cpp), computed by ethers v6 from
// random values: Keccak-256 of random byte strings, selectors through ethers' id(), Solidity ABI
// encodings through AbiCoder, and mapping slots through keccak256(abi.encode(key, slot)).
// Usage: node abi_vectors.mjs <seed> <count>. One vector per line, fields separated by spaces:
//   keccak <input hex> <hash hex>
//   id <signature> <hash hex>
//   abi <case> <value>... = <encoding hex>
//   slot <key address> <slot decimal> <hash hex>        (mapping(address => ...) at slot)
//   slot2 <key address> <key2 address> <slot decimal> <hash hex>   (nested mapping)
// Values: integers as 32-byte two's-complement words in hex, addresses and byte strings as hex
// (strings as their UTF-8; an empty one as "-"), bools as 0/1, arrays as [v,v,...] (nested arrays nest the brackets).
import { AbiCoder, getBytes, hexlify, id, keccak256, toUtf8Bytes, toBeHex, toTwos } from "ethers";

const [seedArg, countArg] = process.argv.slice(2);
let state = BigInt(seedArg ?? 1) | 1n;
const count = Number(countArg ?? 50);

// xorshift64*: deterministic for a given seed, so a failure is reproducible from the test log.
function next64() {
    state ^= (state >> 12n);
    state ^= (state << 25n) & 0xffffffffffffffffn;
    state ^= (state >> 27n);
    return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
const randInt = (n) => Number(next64() % BigInt(n));
function randBytes(n) {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; ++i) out[i] = randInt(256);
    return out;
}
function randUint(bits) {
    // Mix full-range values with the edges (0, 1, max), where encoders go wrong.
    const max = (1n << BigInt(bits)) - 1n;
    switch (randInt(6)) {
        case 0: return 0n;
        case 1: return max;
        case 2: return BigInt(randInt(256));
        default: {
            let v = 0n;
            for (let i = 0; i < bits; i += 64) v = (v << 64n) | next64();
            return v & max;
        }
    }
}
function randInt2(bits) {
    const min = -(1n << BigInt(bits - 1));
    const max = (1n << BigInt(bits - 1)) - 1n;
    switch (randInt(6)) {
        case 0: return min;
        case 1: return max;
        case 2: return -1n;
        default: return randUint(bits) + min;
    }
}
const alphabet = ["a", "Z", "0", " ", "é", "€", "😀", "\u0000", "ß", "\n"];
function randString() {
    const n = randInt(3) === 0 ? randInt(80) : randInt(12);
    let s = "";
    for (let i = 0; i < n; ++i) s += alphabet[randInt(alphabet.length)];
    return s;
}
const randAddress = () => hexlify(randBytes(20));

// Generators and printers per ABI type.
function gen(type) {
    if (type.endsWith("[]")) {
        const inner = type.slice(0, -2);
        const n = randInt(4) === 0 ? 0 : randInt(5);
        return Array.from({ length: n }, () => gen(inner));
    }
    if (type === "address") return randAddress();
    if (type === "bool") return randInt(2) === 1;
    if (type === "string") return randString();
    if (type === "bytes") return hexlify(randBytes(randInt(3) === 0 ? randInt(100) : randInt(40)));
    if (type.startsWith("bytes")) return hexlify(randBytes(Number(type.slice(5))));
    if (type.startsWith("uint")) return randUint(Number(type.slice(4) || 256));
    if (type.startsWith("int")) return randInt2(Number(type.slice(3) || 256));
    throw new Error(`no generator for ${type}`);
}
// An empty byte string prints as "-" so that every value is one non-empty token.
const hexOrDash = (bytes) => (bytes.length === 0 ? "-" : hexlify(bytes).slice(2));
function show(type, v) {
    if (type.endsWith("[]")) return "[" + v.map((e) => show(type.slice(0, -2), e)).join(",") + "]";
    if (type === "bool") return v ? "1" : "0";
    if (type === "string") return hexOrDash(toUtf8Bytes(v));
    if (type === "address" || type.startsWith("bytes")) return hexOrDash(getBytes(v));
    if (type.startsWith("uint")) return toBeHex(v, 32).slice(2);
    if (type.startsWith("int")) return toBeHex(toTwos(v, 256), 32).slice(2);
    throw new Error(`no printer for ${type}`);
}

// The cases sdk_abi_test.cpp knows, by name (keep the two lists in step).
const cases = {
    basic: ["uint256", "address", "bool"],
    ints: ["uint8", "int8", "uint16", "int16", "uint32", "int32", "uint64", "int64"],
    odd_ints: ["uint24", "int40", "uint128", "int256", "uint160"],
    bytes: ["bytes32", "bytes", "string", "bytes4"],
    arrays: ["uint256[]", "address[]", "string[]", "bool"],
    mixed: ["bytes", "uint64[]", "int16", "string"],
    nested: ["uint256[][]", "bytes[]"],
};

const coder = AbiCoder.defaultAbiCoder();
const lines = [];
for (let i = 0; i < count; ++i) {
    // Lengths around the Keccak rate (136) exercise the padding and multi-block paths.
    const lengths = [0, 1, 31, 32, 55, 135, 136, 137, 271, 272, 300];
    const input = randBytes(i < lengths.length ? lengths[i] : randInt(400));
    lines.push(`keccak ${hexOrDash(input)} ${keccak256(input).slice(2)}`);
}
const signatures = [
    "transfer(address,uint256)", "approve(address,uint256)", "balanceOf(address)",
    "transferFrom(address,address,uint256)", "totalSupply()", "Transfer(address,address,uint256)",
    "Approval(address,address,uint256)", "Error(string)", "increment()", "get()", "greet()",
    "setGreeting(string)", "Incremented(address,uint256)", "incrementOther(address)",
    "ERC20InsufficientBalance(address,uint256,uint256)",
];
for (const s of signatures) lines.push(`id ${s} ${id(s).slice(2)}`);
for (const [name, types] of Object.entries(cases)) {
    for (let i = 0; i < count; ++i) {
        const values = types.map(gen);
        const encoded = coder.encode(types, values);
        lines.push(`abi ${name} ${types.map((t, k) => show(t, values[k])).join(" ")} = ${encoded.slice(2)}`);
    }
}
for (let i = 0; i < count; ++i) {
    const key = randAddress();
    const key2 = randAddress();
    const slot = BigInt(randInt(8));
    // Solidity: mapping value slot = keccak256(h(k) . p), h = abi.encode for value types.
    const s1 = keccak256(coder.encode(["address", "uint256"], [key, slot]));
    lines.push(`slot ${key.slice(2)} ${slot} ${s1.slice(2)}`);
    const s2 = keccak256(coder.encode(["address", "bytes32"], [key2, s1]));
    lines.push(`slot2 ${key.slice(2)} ${key2.slice(2)} ${slot} ${s2.slice(2)}`);
}
process.stdout.write(lines.join("\n") + "\n");
