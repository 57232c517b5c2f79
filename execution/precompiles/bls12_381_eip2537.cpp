// SPDX-License-Identifier: Apache-2.0
// The EIP-2537 precompiles (final, Prague): BLS12_G1ADD 0x0b, BLS12_G1MSM 0x0c, BLS12_G2ADD 0x0d,
// BLS12_G2MSM 0x0e, BLS12_PAIRING_CHECK 0x0f, BLS12_MAP_FP_TO_G1 0x10, BLS12_MAP_FP2_TO_G2 0x11.
#include "execution/precompiles/bls12_381.hpp"
#include "execution/precompiles/precompiles.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace blend::precompiles {

namespace {

namespace bls = bls12_381;

// EIP-2537 "Gas schedule".
constexpr uint64_t kG1AddGas = 375;
constexpr uint64_t kG2AddGas = 600;
constexpr uint64_t kG1MulGas = 12000;
constexpr uint64_t kG2MulGas = 22500;
constexpr uint64_t kPairingBaseGas = 37700;
constexpr uint64_t kPairingPerPairGas = 32600;
constexpr uint64_t kMapFpToG1Gas = 5500;
constexpr uint64_t kMapFp2ToG2Gas = 23800;
constexpr uint64_t kMsmMultiplier = 1000;

// EIP-2537 encodings: Fp 64 bytes, G1 128, G2 256, scalar 32.
constexpr size_t kFpSize = 64;
constexpr size_t kG1Size = 128;
constexpr size_t kG2Size = 256;
constexpr size_t kScalarSize = 32;
constexpr size_t kG1MsmPairSize = kG1Size + kScalarSize;  // 160
constexpr size_t kG2MsmPairSize = kG2Size + kScalarSize;  // 288
constexpr size_t kPairingPairSize = kG1Size + kG2Size;    // 384

// EIP-2537 "Discounts table as a vector of pairs [k, discount]": k = 1..128, per mille; beyond
// 128 the last entry applies.
constexpr std::array<uint16_t, 128> kG1Discount = {
    1000, 949, 848, 797, 764, 750, 738, 728, 719, 712, 705, 698, 692, 687, 682, 677, 673, 669, 665,
    661,  658, 654, 651, 648, 645, 642, 640, 637, 635, 632, 630, 627, 625, 623, 621, 619, 617, 615,
    613,  611, 609, 608, 606, 604, 603, 601, 599, 598, 596, 595, 593, 592, 591, 589, 588, 586, 585,
    584,  582, 581, 580, 579, 577, 576, 575, 574, 573, 572, 570, 569, 568, 567, 566, 565, 564, 563,
    562,  561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 551, 550, 549, 548, 547, 547, 546, 545,
    544,  543, 542, 541, 540, 540, 539, 538, 537, 536, 536, 535, 534, 533, 532, 532, 531, 530, 529,
    528,  528, 527, 526, 525, 525, 524, 523, 522, 522, 521, 520, 520, 519};
constexpr std::array<uint16_t, 128> kG2Discount = {
    1000, 1000, 923, 884, 855, 832, 812, 796, 782, 770, 759, 749, 740, 732, 724, 717, 711, 704, 699,
    693,  688,  683, 679, 674, 670, 666, 663, 659, 655, 652, 649, 646, 643, 640, 637, 634, 632, 629,
    627,  624,  622, 620, 618, 615, 613, 611, 609, 607, 606, 604, 602, 600, 598, 597, 595, 593, 592,
    590,  589,  587, 586, 584, 583, 582, 580, 579, 578, 576, 575, 574, 573, 571, 570, 569, 568, 567,
    566,  565,  563, 562, 561, 560, 559, 558, 557, 556, 555, 554, 553, 552, 552, 551, 550, 549, 548,
    547,  546,  545, 545, 544, 543, 542, 541, 541, 540, 539, 538, 537, 537, 536, 535, 535, 534, 533,
    532,  532,  531, 530, 530, 529, 528, 528, 527, 526, 526, 525, 524, 524};
static_assert(kG1Discount[127] == 519 && kG2Discount[127] == 524);

uint64_t msm_gas(size_t input_size,
                 size_t pair_size,
                 uint64_t mul_gas,
                 const std::array<uint16_t, 128>& discount) noexcept
{
    const uint64_t k = input_size / pair_size;
    if (k == 0)
        return 0;
    const uint64_t d = discount[std::min<uint64_t>(k, discount.size()) - 1];
    // k <= 2^64 / 160 and d * mul_gas < 2^25: the product fits in 128 bits; saturate to 64.
    __extension__ const unsigned __int128 gas =
        static_cast<unsigned __int128>(k) * mul_gas * d / kMsmMultiplier;
    return gas > UINT64_MAX ? UINT64_MAX : static_cast<uint64_t>(gas);
}

Bytes g1_output(const bls::G1& p)
{
    Bytes out(kG1Size);
    bls::encode_g1(out.data(), p);
    return out;
}

Bytes g2_output(const bls::G2& p)
{
    Bytes out(kG2Size);
    bls::encode_g2(out.data(), p);
    return out;
}

}  // namespace

uint64_t bls12_g1add_gas(BytesView /*input*/)
{
    return kG1AddGas;
}

Result<Bytes, PrecompileError> bls12_g1add_run(BytesView input)
{
    if (input.size() != 2 * kG1Size)
        return Unexpected{PrecompileError::kInvalidInputLength};
    // EIP-2537: on-curve checks only, no subgroup check for ADD.
    BLEND_TRY(const auto a, bls::decode_g1(input.data(), false));
    BLEND_TRY(const auto b, bls::decode_g1(input.data() + kG1Size, false));
    return g1_output(bls::add(a, b));
}

uint64_t bls12_g2add_gas(BytesView /*input*/)
{
    return kG2AddGas;
}

Result<Bytes, PrecompileError> bls12_g2add_run(BytesView input)
{
    if (input.size() != 2 * kG2Size)
        return Unexpected{PrecompileError::kInvalidInputLength};
    BLEND_TRY(const auto a, bls::decode_g2(input.data(), false));
    BLEND_TRY(const auto b, bls::decode_g2(input.data() + kG2Size, false));
    return g2_output(bls::add(a, b));
}

uint64_t bls12_g1msm_gas(BytesView input)
{
    return msm_gas(input.size(), kG1MsmPairSize, kG1MulGas, kG1Discount);
}

Result<Bytes, PrecompileError> bls12_g1msm_run(BytesView input)
{
    // EIP-2537: a non-zero multiple of 160 bytes; points on the curve and in G1.
    if (input.empty() || input.size() % kG1MsmPairSize != 0)
        return Unexpected{PrecompileError::kInvalidInputLength};
    const size_t k = input.size() / kG1MsmPairSize;
    std::vector<bls::G1> points;
    std::vector<FixedBytes<32>> scalars;
    points.reserve(k);
    scalars.reserve(k);
    for (size_t i = 0; i < k; ++i) {
        const uint8_t* pair = input.data() + i * kG1MsmPairSize;
        BLEND_TRY(const auto p, bls::decode_g1(pair, true));
        points.push_back(p);
        scalars.push_back(FixedBytes<32>::from_view(BytesView{pair + kG1Size, kScalarSize}));
    }
    return g1_output(bls::msm(points, scalars));
}

uint64_t bls12_g2msm_gas(BytesView input)
{
    return msm_gas(input.size(), kG2MsmPairSize, kG2MulGas, kG2Discount);
}

Result<Bytes, PrecompileError> bls12_g2msm_run(BytesView input)
{
    if (input.empty() || input.size() % kG2MsmPairSize != 0)
        return Unexpected{PrecompileError::kInvalidInputLength};
    const size_t k = input.size() / kG2MsmPairSize;
    std::vector<bls::G2> points;
    std::vector<FixedBytes<32>> scalars;
    points.reserve(k);
    scalars.reserve(k);
    for (size_t i = 0; i < k; ++i) {
        const uint8_t* pair = input.data() + i * kG2MsmPairSize;
        BLEND_TRY(const auto p, bls::decode_g2(pair, true));
        points.push_back(p);
        scalars.push_back(FixedBytes<32>::from_view(BytesView{pair + kG2Size, kScalarSize}));
    }
    return g2_output(bls::msm(points, scalars));
}

uint64_t bls12_pairing_check_gas(BytesView input)
{
    const uint64_t k = input.size() / kPairingPairSize;
    return kPairingBaseGas + kPairingPerPairGas * k;
}

Result<Bytes, PrecompileError> bls12_pairing_check_run(BytesView input)
{
    // EIP-2537: a non-zero multiple of 384 bytes; both points of every pair in their subgroups.
    if (input.empty() || input.size() % kPairingPairSize != 0)
        return Unexpected{PrecompileError::kInvalidInputLength};
    const size_t k = input.size() / kPairingPairSize;
    std::vector<bls::G1> ps;
    std::vector<bls::G2> qs;
    ps.reserve(k);
    qs.reserve(k);
    for (size_t i = 0; i < k; ++i) {
        const uint8_t* pair = input.data() + i * kPairingPairSize;
        BLEND_TRY(const auto p, bls::decode_g1(pair, true));
        BLEND_TRY(const auto q, bls::decode_g2(pair + kG1Size, true));
        ps.push_back(p);
        qs.push_back(q);
    }
    Bytes out(32, 0);
    out[31] = bls::pairing_check(ps, qs) ? 1 : 0;
    return out;
}

uint64_t bls12_map_fp_to_g1_gas(BytesView /*input*/)
{
    return kMapFpToG1Gas;
}

Result<Bytes, PrecompileError> bls12_map_fp_to_g1_run(BytesView input)
{
    if (input.size() != kFpSize)
        return Unexpected{PrecompileError::kInvalidInputLength};
    BLEND_TRY(const auto u, bls::decode_fp(input.data()));
    return g1_output(bls::map_fp_to_g1(u));
}

uint64_t bls12_map_fp2_to_g2_gas(BytesView /*input*/)
{
    return kMapFp2ToG2Gas;
}

Result<Bytes, PrecompileError> bls12_map_fp2_to_g2_run(BytesView input)
{
    if (input.size() != 2 * kFpSize)
        return Unexpected{PrecompileError::kInvalidInputLength};
    BLEND_TRY(const auto u0, bls::decode_fp(input.data()));
    BLEND_TRY(const auto u1, bls::decode_fp(input.data() + kFpSize));
    return g2_output(bls::map_fp2_to_g2(bls::Fp2{u0, u1}));
}

}  // namespace blend::precompiles
