// SPDX-License-Identifier: Apache-2.0
// 0x05 MODEXP (EIP-198) with the EIP-2565 price (Berlin through Prague).
#include "execution/precompiles/precompiles.hpp"

#include <gmp.h>

#include <algorithm>
#include <cstring>

namespace blend::precompiles {

namespace {

__extension__ typedef unsigned __int128 u128;

/// The largest price run() computes. A block paying 2^32 gas is beyond any chain's limit, and
/// the bound keeps the modulus (and so the output and every intermediate) under ~1 MB:
/// (Ml/8)^2/3 <= 2^32 gives Ml <= 8*sqrt(3*2^32) ~ 0.9 MB.
constexpr uint64_t kMaxPayableGas = uint64_t{1} << 32;

/// A 32-byte big-endian length field read at `offset` of the zero-padded input, saturated to
/// UINT64_MAX when it does not fit in 64 bits.
uint64_t read_length(BytesView input, size_t offset) noexcept
{
    uint8_t word[32] = {};
    if (offset < input.size())
        std::memcpy(word, input.data() + offset, std::min<size_t>(32, input.size() - offset));
    for (size_t i = 0; i < 24; ++i)
        if (word[i] != 0)
            return UINT64_MAX;
    uint64_t v = 0;
    for (size_t i = 24; i < 32; ++i)
        v = (v << 8) | word[i];
    return v;
}

/// The bytes the input provides for the field [offset, offset+len) and how many are implied
/// zeros past its end (EIP-198: reads beyond the input are zero).
struct Slice {
    BytesView present;
    uint64_t missing = 0;
};

Slice slice(BytesView input, uint64_t offset, uint64_t len) noexcept
{
    if (offset >= input.size())
        return {BytesView{}, len};
    const uint64_t available = input.size() - offset;
    const uint64_t take = std::min(available, len);
    return {input.subspan(offset, take), len - take};
}

uint64_t saturating_add(uint64_t a, uint64_t b) noexcept
{
    return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

struct Lengths {
    uint64_t base = 0;
    uint64_t exp = 0;
    uint64_t mod = 0;
};

Lengths read_lengths(BytesView input) noexcept
{
    return {read_length(input, 0), read_length(input, 32), read_length(input, 64)};
}

/// Bit length of a big-endian byte string, minus one (0 when the value is zero).
uint64_t highest_bit(BytesView be) noexcept
{
    for (size_t i = 0; i < be.size(); ++i) {
        if (be[i] != 0) {
            const uint64_t bits =
                (be.size() - i - 1) * 8 + static_cast<uint64_t>(32 - __builtin_clz(be[i]));
            return bits - 1;
        }
    }
    return 0;
}

class Mpz {
public:
    Mpz() { mpz_init(v_); }
    ~Mpz() { mpz_clear(v_); }
    Mpz(const Mpz&) = delete;
    Mpz& operator=(const Mpz&) = delete;
    mpz_ptr get() { return v_; }

    void import_be(BytesView be) { mpz_import(v_, be.size(), 1, 1, 1, 0, be.data()); }

private:
    mpz_t v_;
};

}  // namespace

// EIP-2565: max(200, mult_complexity(max(Bl, Ml)) * max(iterations, 1) / 3) with
// mult_complexity(x) = ceil(x/8)^2 and iterations from the exponent's length and its first word.
uint64_t modexp_gas(BytesView input)
{
    const Lengths len = read_lengths(input);
    const uint64_t max_len = std::max(len.base, len.mod);
    // Zero base and modulus lengths make the complexity zero whatever the exponent's length
    // (even one beyond 64 bits): the EIP-2565 floor of 200 applies (GeneralStateTests
    // stPreCompiledContracts/modexp d=30 has an exponent length of 2^255).
    if (max_len == 0)
        return 200;
    if (max_len == UINT64_MAX || len.exp == UINT64_MAX)
        return UINT64_MAX;
    const u128 words = (static_cast<u128>(max_len) + 7) / 8;
    const u128 complexity = words * words;  // < 2^122

    // The first min(El, 32) bytes of the exponent (zero-padded); its offset is 96 + Bl.
    uint8_t head[32] = {};
    const uint64_t head_len = std::min<uint64_t>(len.exp, 32);
    const Slice h = slice(input, saturating_add(96, len.base), head_len);
    std::copy(h.present.begin(), h.present.end(), head);  // may be empty (null data)
    const uint64_t head_bits = highest_bit(BytesView{head, static_cast<size_t>(head_len)});
    // EIP-2565: 8 * (El - 32) + bits of the head beyond the first, when El > 32.
    u128 iterations = head_bits;
    if (len.exp > 32)
        iterations += static_cast<u128>(8) * (len.exp - 32);
    iterations = std::max<u128>(iterations, 1);

    // complexity < 2^122 and iterations < 2^68: the product may overflow 128 bits only when
    // both are huge; check before multiplying.
    if (complexity != 0 && iterations > (~static_cast<u128>(0)) / complexity)
        return UINT64_MAX;
    const u128 gas = complexity * iterations / 3;
    if (gas > UINT64_MAX)
        return UINT64_MAX;
    return std::max<uint64_t>(200, static_cast<uint64_t>(gas));
}

Result<Bytes, PrecompileError> modexp_run(BytesView input)
{
    const Lengths len = read_lengths(input);
    if (len.base == 0 && len.mod == 0)
        return Bytes{};
    if (modexp_gas(input) > kMaxPayableGas)
        return Unexpected{PrecompileError::kResourceLimit};
    // From here Bl, Ml < 1 MB (see kMaxPayableGas); El may still be large, but only the bytes
    // present in the input are materialized.
    const Slice base_s = slice(input, 96, len.base);
    const Slice exp_s = slice(input, 96 + len.base, len.exp);
    const Slice mod_s = slice(input, saturating_add(96 + len.base, len.exp), len.mod);

    Bytes out(static_cast<size_t>(len.mod), 0);
    Mpz m;
    m.import_be(mod_s.present);
    if (mpz_sgn(m.get()) == 0)
        return out;  // geth returns Ml zero bytes for a zero modulus
    mpz_mul_2exp(m.get(), m.get(), 8 * mod_s.missing);

    // base = prefix * 256^missing, reduced mod m.
    Mpz b;
    b.import_be(base_s.present);
    mpz_mod(b.get(), b.get(), m.get());
    if (base_s.missing != 0) {
        Mpz two, e, shift;
        mpz_set_ui(two.get(), 2);
        mpz_set_ui(e.get(), 8);
        mpz_mul_ui(e.get(), e.get(), base_s.missing);
        mpz_powm(shift.get(), two.get(), e.get(), m.get());
        mpz_mul(b.get(), b.get(), shift.get());
        mpz_mod(b.get(), b.get(), m.get());
    }

    // exponent = prefix * 256^missing: b^prefix, then 8*missing squarings.
    Mpz e, r;
    e.import_be(exp_s.present);
    if (mpz_sgn(e.get()) == 0) {
        mpz_set_ui(r.get(), 1);
        mpz_mod(r.get(), r.get(), m.get());  // x^0 = 1 (0 for m = 1), as big-integer libraries do
    } else {
        mpz_powm(r.get(), b.get(), e.get(), m.get());
        for (uint64_t i = 0; i < 8 * exp_s.missing; ++i) {
            if (mpz_cmp_ui(r.get(), 1) <= 0)
                break;  // 0 and 1 are fixed points of squaring
            mpz_mul(r.get(), r.get(), r.get());
            mpz_mod(r.get(), r.get(), m.get());
        }
    }

    size_t count = 0;
    const size_t needed = (mpz_sizeinbase(r.get(), 2) + 7) / 8;
    BLEND_ASSERT(needed <= out.size());
    if (mpz_sgn(r.get()) != 0)
        mpz_export(out.data() + out.size() - needed, &count, 1, 1, 1, 0, r.get());
    return out;
}

}  // namespace blend::precompiles
