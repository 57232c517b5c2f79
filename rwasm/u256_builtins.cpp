// SPDX-License-Identifier: Apache-2.0
#include "rwasm/u256_builtins.hpp"

#include "core/freestanding/u256.hpp"

#include <bit>
#include <cstring>

namespace blend::rwasm {

static_assert(std::endian::native == std::endian::little,
              "a word's limbs are little-endian in linear memory, as U256::words on the host");
static_assert(sizeof(U256) == kU256Bytes);

namespace {

U256 load_word(const uint8_t* mem, uint32_t at) noexcept
{
    U256 x;
    std::memcpy(x.words, mem + at, kU256Bytes);
    return x;
}

void store_word(uint8_t* mem, uint32_t at, const U256& x) noexcept
{
    std::memcpy(mem + at, x.words, kU256Bytes);
}

}  // namespace

void u256_mul(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept
{
    store_word(mem, r, load_word(mem, a) * load_word(mem, b));
}

void u256_div(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept
{
    store_word(mem, r, udivrem(load_word(mem, a), load_word(mem, b)).quot);
}

void u256_mod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept
{
    store_word(mem, r, udivrem(load_word(mem, a), load_word(mem, b)).rem);
}

void u256_sdiv(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept
{
    store_word(mem, r, sdiv(load_word(mem, a), load_word(mem, b)));
}

void u256_smod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b) noexcept
{
    store_word(mem, r, smod(load_word(mem, a), load_word(mem, b)));
}

void u256_addmod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b, uint32_t m) noexcept
{
    store_word(mem, r, addmod(load_word(mem, a), load_word(mem, b), load_word(mem, m)));
}

void u256_mulmod(uint8_t* mem, uint32_t r, uint32_t a, uint32_t b, uint32_t m) noexcept
{
    store_word(mem, r, mulmod(load_word(mem, a), load_word(mem, b), load_word(mem, m)));
}

}  // namespace blend::rwasm
