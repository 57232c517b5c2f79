// SPDX-License-Identifier: Apache-2.0
// Cross-checks `blend genesis accounts` (BIP-39 seed, BIP-32 derivation, addresses) against
// ethers v6's HDNodeWallet.fromPhrase: the 20 dev accounts of the standard test mnemonic, random
// mnemonics of every length with and without passphrase, and checksum validation of random
// sentences. Randomness is seeded, so a failure reproduces. Run from tests/ (node_modules):
//   node genesis/dev_accounts_check.mjs BLEND [SEED]
import { execFileSync, spawnSync } from 'node:child_process';

import { HDNodeWallet, Mnemonic, wordlists } from 'ethers';

const blend = process.argv[2];
const seed = Number(process.argv[3] ?? '1');
if (!blend) {
    console.error('usage: node genesis/dev_accounts_check.mjs BLEND [SEED]');
    process.exit(2);
}

let state = seed >>> 0;  // mulberry32
const next32 = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
};
const bytes = (n) => Uint8Array.from({ length: n }, () => next32() & 0xff);

let passed = 0;
let failed = 0;
const check = (name, ok, detail) => {
    if (ok) passed++;
    else {
        failed++;
        console.log(`FAIL: ${name}\n${detail}`);
    }
};

const blendAccounts = (phrase, passphrase, count) => {
    const out = execFileSync(blend, ['genesis', 'accounts', '--mnemonic', phrase, '--passphrase',
        passphrase, '--count', String(count)], { encoding: 'utf8' });
    return out.trim().split('\n').map((line) => line.split(' '));
};

const compare = (name, phrase, passphrase, count) => {
    const got = blendAccounts(phrase, passphrase, count);
    check(`${name}: line count`, got.length === count, `got ${got.length}`);
    for (let i = 0; i < count; i++) {
        const w = HDNodeWallet.fromPhrase(phrase, passphrase, `m/44'/60'/0'/0/${i}`);
        const want = [String(i), w.address, w.privateKey];
        check(`${name} account ${i}`, JSON.stringify(got[i]) === JSON.stringify(want),
            `  phrase "${phrase}" passphrase "${passphrase}"\n  want ${want}\n  got  ${got[i]}`);
    }
};

// The dev accounts: exactly what `blend node --dev` will fund.
compare('dev mnemonic', 'test test test test test test test test test test test junk', '', 20);

// Random mnemonics: 128..256 bits of entropy (12..24 words), some with a passphrase.
for (let n = 0; n < 10; n++) {
    const entropy = bytes(16 + 4 * (n % 5));
    const phrase = Mnemonic.fromEntropy(entropy).phrase;
    const passphrase = n % 2 === 0 ? '' : `pass ${n} ${next32()}`;
    compare(`random mnemonic ${n}`, phrase, passphrase, 3);
}

// Checksums: random 12-word sentences are valid in 1 of 16 cases; blend must agree with ethers.
const words = wordlists.en;
let invalid = 0;
for (let n = 0; n < 40; n++) {
    const phrase = Array.from({ length: 12 }, () => words.getWord(next32() % 2048)).join(' ');
    const valid = Mnemonic.isValidMnemonic(phrase);
    if (!valid) invalid++;
    const r = spawnSync(blend, ['genesis', 'accounts', '--mnemonic', phrase, '--count', '1'],
        { encoding: 'utf8' });
    const ok = valid
        ? r.status === 0
        : r.status === 1 && r.stderr.includes('the BIP-39 checksum does not match');
    check(`checksum of "${phrase}" (ethers: ${valid ? 'valid' : 'invalid'})`, ok,
        `  blend exit ${r.status}, stderr ${r.stderr}`);
}
check('some random sentences were invalid', invalid > 0, '  none were: the check tested nothing');

console.log(`dev accounts vs ethers: passed ${passed} of ${passed + failed}`);
process.exit(failed === 0 ? 0 : 1);
