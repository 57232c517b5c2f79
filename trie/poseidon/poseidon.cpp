// SPDX-License-Identifier: Apache-2.0
#include "trie/poseidon/poseidon.hpp"

#include "core/assert.hpp"

#include <array>
#include <type_traits>
#include <vector>

namespace blend::poseidon {
namespace {

constexpr size_t kFullRounds = 8;
constexpr size_t kHalfFull = kFullRounds / 2;

[[gnu::always_inline]] inline Fr sbox(const Fr& x) noexcept
{
    const Fr x2 = x.square();
    return x2.square() * x;  // x^5, the circomlib S-box (alpha = 5)
}

template <size_t T>
using State = std::array<Fr, T>;
template <size_t T>
using Matrix = std::array<std::array<Fr, T>, T>;

template <size_t T>
[[gnu::always_inline]] inline State<T> mul(const Matrix<T>& m, const State<T>& s) noexcept
{
    State<T> out{};
    for (size_t i = 0; i < T; ++i) {
        Fr acc = m[i][0] * s[0];
        for (size_t j = 1; j < T; ++j)
            acc += m[i][j] * s[j];
        out[i] = acc;
    }
    return out;
}

template <size_t T>
Matrix<T> mul(const Matrix<T>& a, const Matrix<T>& b) noexcept
{
    Matrix<T> out{};
    for (size_t i = 0; i < T; ++i)
        for (size_t j = 0; j < T; ++j)
            for (size_t k = 0; k < T; ++k)
                out[i][j] += a[i][k] * b[k][j];
    return out;
}

/// Gauss-Jordan inverse of an n x n block (n <= T) stored in the top-left of `m`.
template <size_t T>
Matrix<T> invert(Matrix<T> m, size_t n) noexcept
{
    Matrix<T> inv{};
    for (size_t i = 0; i < n; ++i)
        inv[i][i] = Fr::one();
    for (size_t col = 0; col < n; ++col) {
        size_t pivot = col;
        while (pivot < n && m[pivot][col].is_zero())
            ++pivot;
        BLEND_ASSERT(pivot < n);  // MDS matrices and their minors are invertible
        std::swap(m[pivot], m[col]);
        std::swap(inv[pivot], inv[col]);
        const Fr scale = m[col][col].inverse();
        for (size_t j = 0; j < n; ++j) {
            m[col][j] *= scale;
            inv[col][j] *= scale;
        }
        for (size_t row = 0; row < n; ++row) {
            if (row == col || m[row][col].is_zero())
                continue;
            const Fr factor = m[row][col];
            for (size_t j = 0; j < n; ++j) {
                m[row][j] -= factor * m[col][j];
                inv[row][j] -= factor * inv[col][j];
            }
        }
    }
    return inv;
}

const RawParams& raw_params(size_t width) noexcept
{
    BLEND_ASSERT(width >= 2 && width <= kMaxWidth);
    const RawParams& p = kCircomParams[width - 2];
    BLEND_ASSERT(p.width == width && p.full_rounds == kFullRounds);
    return p;
}

/// The raw constants of one width in Montgomery form.
template <size_t T>
struct ReferenceTables {
    size_t partial_rounds = 0;
    std::vector<State<T>> round_constants;  // one vector per round
    Matrix<T> mds{};

    ReferenceTables()
    {
        const RawParams& raw = raw_params(T);
        partial_rounds = raw.partial_rounds;
        const size_t rounds = kFullRounds + partial_rounds;
        round_constants.resize(rounds);
        for (size_t r = 0; r < rounds; ++r)
            for (size_t i = 0; i < T; ++i)
                round_constants[r][i] =
                    Fr::from_canonical_unchecked(raw.round_constants[r * T + i]);
        for (size_t i = 0; i < T; ++i)
            for (size_t j = 0; j < T; ++j)
                mds[i][j] = Fr::from_canonical_unchecked(raw.mds[i * T + j]);
    }
};

template <size_t T>
const ReferenceTables<T>& reference_tables() noexcept
{
    static const ReferenceTables<T> tables;
    return tables;
}

/// The partial-round matrix after factoring: M_i = S_i * diag(1, A_i), where S_i is the identity
/// except for its first row and first column. Applying S_i costs 2T - 1 multiplications.
template <size_t T>
struct SparseMatrix {
    std::array<Fr, T> row;     // new s0 = sum_j row[j] * s[j]
    std::array<Fr, T> column;  // new s_k = s_k + column[k] * old s0, k >= 1 (column[0] unused)
};

/// The optimized schedule of the Poseidon paper's appendix B (the one circomlib's poseidon_opt
/// uses): (1) the round constants are moved behind the S-box and pushed back through M^-1, so
/// every partial round adds a single constant to s0; (2) the partial-round MDS multiplications are
/// factored so each partial round costs one sparse matrix, and the dense remainder is folded into
/// one matrix P applied at the end of the first half of the full rounds.
template <size_t T>
struct OptimizedTables {
    State<T> initial{};                                 // added before the first S-box
    std::array<State<T>, kHalfFull> first_half{};       // added after the S-box, first half
    std::vector<Fr> partial;                            // added to s0 after its S-box
    std::array<State<T>, kHalfFull - 1> second_half{};  // after the S-box, second half (not last)
    Matrix<T> mds{};
    Matrix<T> pre_sparse{};  // P
    std::vector<SparseMatrix<T>> sparse;

    OptimizedTables()
    {
        const ReferenceTables<T>& ref = reference_tables<T>();
        const size_t rp = ref.partial_rounds;
        const size_t rounds = kFullRounds + rp;
        mds = ref.mds;
        const Matrix<T> mds_inv = invert(mds, T);

        // M s + C_{r+1} = M (s + M^-1 C_{r+1}): the constant of round r+1 becomes K_r, added after
        // round r's S-box and before its matrix.
        std::vector<State<T>> k(rounds);
        for (size_t r = 0; r + 1 < rounds; ++r)
            k[r] = mul(mds_inv, ref.round_constants[r + 1]);

        // Partial rounds touch only s0, so the other components of their constants commute with
        // the S-box and can be pushed one more round back, through M^-1, down to the last
        // first-half full round.
        partial.resize(rp);
        State<T> carry{};
        for (size_t r = kHalfFull + rp; r-- > kHalfFull;) {
            State<T> d{};
            for (size_t i = 0; i < T; ++i)
                d[i] = k[r][i] + carry[i];
            partial[r - kHalfFull] = d[0];
            d[0] = Fr::zero();
            carry = mul(mds_inv, d);
        }
        initial = ref.round_constants[0];
        for (size_t r = 0; r < kHalfFull; ++r)
            first_half[r] = k[r];
        for (size_t i = 0; i < T; ++i)
            first_half[kHalfFull - 1][i] += carry[i];
        for (size_t r = 0; r + 1 < kHalfFull; ++r)
            second_half[r] = k[kHalfFull + rp + r];

        // Factor backwards: A = S * diag(1, A11) with S's first row (a00, a01^T A11^-1) and first
        // column a10. diag(1, A11) commutes with the s0-only step of the round, so it moves into
        // the previous round's matrix: A_prev = diag(1, A11) * M. What is left at the front is P.
        sparse.resize(rp);
        Matrix<T> a = mds;
        for (size_t i = rp; i-- > 0;) {
            Matrix<T> minor{};
            for (size_t r = 1; r < T; ++r)
                for (size_t c = 1; c < T; ++c)
                    minor[r - 1][c - 1] = a[r][c];
            const Matrix<T> minor_inv = invert(minor, T - 1);
            SparseMatrix<T>& s = sparse[i];
            s.row[0] = a[0][0];
            for (size_t c = 1; c < T; ++c) {
                Fr acc = Fr::zero();
                for (size_t j = 1; j < T; ++j)
                    acc += a[0][j] * minor_inv[j - 1][c - 1];
                s.row[c] = acc;
            }
            s.column[0] = Fr::zero();
            for (size_t r = 1; r < T; ++r)
                s.column[r] = a[r][0];
            Matrix<T> block{};
            block[0][0] = Fr::one();
            for (size_t r = 1; r < T; ++r)
                for (size_t c = 1; c < T; ++c)
                    block[r][c] = a[r][c];
            a = mul(block, mds);
        }
        pre_sparse = a;
    }
};

template <size_t T>
const OptimizedTables<T>& optimized_tables() noexcept
{
    static const OptimizedTables<T> tables;
    return tables;
}

template <size_t T>
Fr permute_reference(State<T> s) noexcept
{
    const ReferenceTables<T>& tab = reference_tables<T>();
    const size_t rounds = kFullRounds + tab.partial_rounds;
    for (size_t r = 0; r < rounds; ++r) {
        for (size_t i = 0; i < T; ++i)
            s[i] += tab.round_constants[r][i];
        if (r < kHalfFull || r >= kHalfFull + tab.partial_rounds) {
            for (size_t i = 0; i < T; ++i)
                s[i] = sbox(s[i]);
        } else {
            s[0] = sbox(s[0]);
        }
        s = mul(tab.mds, s);
    }
    return s[0];
}

// The optimized permutation keeps its state in a redundant form: Montgomery limbs in [0, 2r)
// instead of [0, r). With 4r < 2^256, a Montgomery product of two such values is again < 2r
// without the final conditional subtraction, and a sum is brought back below 2r with one
// conditional subtraction of 2r. Only the output is reduced to [0, r).
using field::Limbs;

constexpr Limbs<4> kTwoModulus = [] {
    Limbs<4> two{};
    field::detail::add_carry(two, Fr::kModulus, Fr::kModulus);
    return two;
}();
static_assert(Fr::kModulus[3] < (uint64_t{1} << 62), "the lazy form needs 4r < 2^256");

[[gnu::always_inline]] inline Limbs<4> lazy_mul(const Limbs<4>& a, const Limbs<4>& b) noexcept
{
#ifdef BLEND_FIELD_HAVE_ADX_ASM
    if (field::detail::g_use_adx)
        return field::detail::mont_mul_4_adx(a, b, Fr::kModulus, Fr::kInv);
#endif
    // The carry-free CIOS loop is also exact for inputs below 2r (same 4r < 2^256 bound).
    return Fr::mul_portable(Fr::from_mont(a), Fr::from_mont(b)).mont();
}

/// t mod 2r for t < 4r (branch-free).
[[gnu::always_inline]] inline Limbs<4> lazy_reduce(const Limbs<4>& t) noexcept
{
    Limbs<4> reduced{};
    const uint64_t keep = uint64_t{0} - field::detail::sub_borrow(reduced, t, kTwoModulus);
    Limbs<4> out{};
#pragma GCC unroll 4
    for (size_t i = 0; i < 4; ++i)
        out[i] = keep != 0 ? t[i] : reduced[i];
    return out;
}

/// a + b mod 2r for a, b < 2r.
[[gnu::always_inline]] inline Limbs<4> lazy_add(const Limbs<4>& a, const Limbs<4>& b) noexcept
{
    Limbs<4> sum{};
    field::detail::add_carry(sum, a, b);  // < 4r < 2^256: no carry out
    return lazy_reduce(sum);
}

#ifdef BLEND_FIELD_HAVE_ADX_ASM
/// sum_j a[j] * b[j] * 2^-256 for three pairs in one Montgomery reduction (each word of the three
/// products is accumulated before the reduction step that consumes it), with a[j] < r and
/// b[j] < 2r. The sum is < 6r^2, so the result is < 6r^2/2^256 + r < 2.2r (r < 0.19 * 2^256) and
/// one conditional subtraction of 2r makes it < 2r. Six accumulator words rotate per step.
[[gnu::always_inline]] inline Limbs<4> dot3_adx(const Limbs<4>* a, const Limbs<4>* b) noexcept
{
    uint64_t r0, r1, r2, r3, r4, r5, lo, hi;
    __asm__(
        "xorl %k[r0], %k[r0]\n\t"
        "xorl %k[r1], %k[r1]\n\t"
        "xorl %k[r2], %k[r2]\n\t"
        "xorl %k[r3], %k[r3]\n\t"
        "xorl %k[r4], %k[r4]\n\t"
        "xorl %k[r5], %k[r5]\n\t"
        "movq 0(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "movq 32(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "movq 64(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "movq %[r0], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r0], %[lo]\n\t"
        "adoxq %[hi], %[r1]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[hi], %[r2]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[hi], %[r3]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r3]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "xorl %k[r0], %k[r0]\n\t"
        "movq 8(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "movq 40(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "movq 72(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[hi], %[r2]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "movq %[r1], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r1], %[lo]\n\t"
        "adoxq %[hi], %[r2]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[hi], %[r3]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r3]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[hi], %[r5]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "xorl %k[r1], %k[r1]\n\t"
        "movq 16(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "movq 48(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "movq 80(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[hi], %[r3]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "movq %[r2], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r2], %[lo]\n\t"
        "adoxq %[hi], %[r3]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r3]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[hi], %[r5]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[hi], %[r0]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "xorl %k[r2], %k[r2]\n\t"
        "movq 24(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 0(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 8(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 16(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "mulxq 24(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "movq 56(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 32(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 40(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 48(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "mulxq 56(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "movq 88(%[bp]), %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq 64(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r3]\n\t"
        "adcxq %[hi], %[r4]\n\t"
        "mulxq 72(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r4]\n\t"
        "adcxq %[hi], %[r5]\n\t"
        "mulxq 80(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r5]\n\t"
        "adcxq %[hi], %[r0]\n\t"
        "mulxq 88(%[ap]), %[lo], %[hi]\n\t"
        "adoxq %[lo], %[r0]\n\t"
        "adcxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adoxq %[lo], %[r1]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "movq %[r3], %%rdx\n\t"
        "imulq %[inv], %%rdx\n\t"
        "xorl %k[lo], %k[lo]\n\t"
        "mulxq %[q0], %[lo], %[hi]\n\t"
        "adcxq %[r3], %[lo]\n\t"
        "adoxq %[hi], %[r4]\n\t"
        "mulxq %[q1], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r4]\n\t"
        "adoxq %[hi], %[r5]\n\t"
        "mulxq %[q2], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r5]\n\t"
        "adoxq %[hi], %[r0]\n\t"
        "mulxq %[q3], %[lo], %[hi]\n\t"
        "adcxq %[lo], %[r0]\n\t"
        "adoxq %[hi], %[r1]\n\t"
        "movl $0, %k[lo]\n\t"
        "adcxq %[lo], %[r1]\n\t"
        "adoxq %[lo], %[r2]\n\t"
        "adcxq %[lo], %[r2]\n\t"
        "xorl %k[r3], %k[r3]\n\t"
        : [r0] "=&r"(r0), [r1] "=&r"(r1), [r2] "=&r"(r2), [r3] "=&r"(r3), [r4] "=&r"(r4),
          [r5] "=&r"(r5), [lo] "=&r"(lo), [hi] "=&r"(hi)
        : [ap] "r"(a), [bp] "r"(b), "m"(*reinterpret_cast<const std::array<Limbs<4>, 3>*>(a)),
          "m"(*reinterpret_cast<const std::array<Limbs<4>, 3>*>(b)), [q0] "m"(Fr::kModulus[0]),
          [q1] "m"(Fr::kModulus[1]), [q2] "m"(Fr::kModulus[2]), [q3] "m"(Fr::kModulus[3]),
          [inv] "m"(Fr::kInv)
        : "rdx", "cc");
    (void)r2;  // zero by the bound above
    return {r4, r5, r0, r1};
}
#endif

static_assert(sizeof(Fr) == sizeof(Limbs<4>) && std::is_standard_layout_v<Fr>,
              "the dot product reads Fr arrays as limbs");

/// a[0]*b[0] + a[1]*b[1] + a[2]*b[2] for constants a (canonical, Montgomery) and state b (< 2r).
[[gnu::always_inline]] inline Limbs<4> lazy_dot3(const std::array<Fr, 3>& a,
                                                 const std::array<Limbs<4>, 3>& b) noexcept
{
#ifdef BLEND_FIELD_HAVE_ADX_ASM
    if (field::detail::g_use_adx)
        return lazy_reduce(dot3_adx(reinterpret_cast<const Limbs<4>*>(a.data()), b.data()));
#endif
    Limbs<4> acc = lazy_mul(a[0].mont(), b[0]);
    acc = lazy_add(acc, lazy_mul(a[1].mont(), b[1]));
    return lazy_add(acc, lazy_mul(a[2].mont(), b[2]));
}

[[gnu::always_inline]] inline Limbs<4> lazy_sbox(const Limbs<4>& x) noexcept
{
    const Limbs<4> x2 = lazy_mul(x, x);
    const Limbs<4> x4 = lazy_mul(x2, x2);
    return lazy_mul(x4, x);
}

template <size_t T>
using LazyState = std::array<Limbs<4>, T>;

template <size_t T>
[[gnu::always_inline]] inline LazyState<T> lazy_mds(const Matrix<T>& m,
                                                    const LazyState<T>& s) noexcept
{
    LazyState<T> out{};
    if constexpr (T == 3) {
        for (size_t i = 0; i < T; ++i)
            out[i] = lazy_dot3(m[i], s);
        return out;
    }
#pragma GCC unroll 8
    for (size_t i = 0; i < T; ++i) {
        Limbs<4> acc = lazy_mul(m[i][0].mont(), s[0]);
#pragma GCC unroll 8
        for (size_t j = 1; j < T; ++j)
            acc = lazy_add(acc, lazy_mul(m[i][j].mont(), s[j]));
        out[i] = acc;
    }
    return out;
}

template <size_t T>
Fr permute_optimized(const State<T>& input) noexcept
{
    const OptimizedTables<T>& tab = optimized_tables<T>();
    LazyState<T> s{};
#pragma GCC unroll 8
    for (size_t i = 0; i < T; ++i)
        s[i] = lazy_add(input[i].mont(), tab.initial[i].mont());
    for (size_t r = 0; r < kHalfFull; ++r) {
#pragma GCC unroll 8
        for (size_t i = 0; i < T; ++i)
            s[i] = lazy_add(lazy_sbox(s[i]), tab.first_half[r][i].mont());
        s = lazy_mds(r + 1 < kHalfFull ? tab.mds : tab.pre_sparse, s);
    }
    const size_t rp = tab.partial.size();
    for (size_t r = 0; r < rp; ++r) {
        const SparseMatrix<T>& m = tab.sparse[r];
        const Limbs<4> s0 = lazy_add(lazy_sbox(s[0]), tab.partial[r].mont());
        if constexpr (T == 3) {
            s[0] = s0;
            const Limbs<4> dot = lazy_dot3(m.row, s);
            s[1] = lazy_add(s[1], lazy_mul(m.column[1].mont(), s0));
            s[2] = lazy_add(s[2], lazy_mul(m.column[2].mont(), s0));
            s[0] = dot;
            continue;
        }
        Limbs<4> acc = lazy_mul(m.row[0].mont(), s0);
#pragma GCC unroll 8
        for (size_t j = 1; j < T; ++j) {
            acc = lazy_add(acc, lazy_mul(m.row[j].mont(), s[j]));
            s[j] = lazy_add(s[j], lazy_mul(m.column[j].mont(), s0));
        }
        s[0] = acc;
    }
    for (size_t r = 0; r + 1 < kHalfFull; ++r) {
#pragma GCC unroll 8
        for (size_t i = 0; i < T; ++i)
            s[i] = lazy_add(lazy_sbox(s[i]), tab.second_half[r][i].mont());
        s = lazy_mds(tab.mds, s);
    }
    // Last round: S-box, then only row 0 of the matrix, since only state[0] is the output.
#pragma GCC unroll 8
    for (size_t i = 0; i < T; ++i)
        s[i] = lazy_sbox(s[i]);
    Limbs<4> out{};
    if constexpr (T == 3) {
        out = lazy_dot3(tab.mds[0], s);
    } else {
        out = lazy_mul(tab.mds[0][0].mont(), s[0]);
#pragma GCC unroll 8
        for (size_t j = 1; j < T; ++j)
            out = lazy_add(out, lazy_mul(tab.mds[0][j].mont(), s[j]));
    }
    Limbs<4> reduced{};
    if (field::detail::sub_borrow(reduced, out, Fr::kModulus) == 0)
        out = reduced;
    return Fr::from_mont(out);
}

template <size_t T, bool kOptimized>
Fr dispatch_width(std::span<const Fr> inputs, const Fr& capacity) noexcept
{
    State<T> s{};
    s[0] = capacity;
    for (size_t i = 1; i < T; ++i)
        s[i] = inputs[i - 1];
    if constexpr (kOptimized)
        return permute_optimized<T>(s);
    else
        return permute_reference<T>(s);
}

template <bool kOptimized>
Result<Fr, PoseidonError> dispatch(std::span<const Fr> inputs, const Fr& capacity) noexcept
{
    switch (inputs.size()) {
    case 1:
        return dispatch_width<2, kOptimized>(inputs, capacity);
    case 2:
        return dispatch_width<3, kOptimized>(inputs, capacity);
    case 3:
        return dispatch_width<4, kOptimized>(inputs, capacity);
    case 4:
        return dispatch_width<5, kOptimized>(inputs, capacity);
    case 5:
        return dispatch_width<6, kOptimized>(inputs, capacity);
    case 6:
        return dispatch_width<7, kOptimized>(inputs, capacity);
    default:
        return Unexpected{PoseidonError::kInputCount};
    }
}

}  // namespace

const char* to_string(PoseidonError e) noexcept
{
    switch (e) {
    case PoseidonError::kInputCount:
        return "poseidon takes 1 to 6 inputs";
    }
    return "unknown poseidon error";
}

Result<Fr, PoseidonError> hash(std::span<const Fr> inputs, const Fr& capacity) noexcept
{
    return dispatch<true>(inputs, capacity);
}

Result<Fr, PoseidonError> hash_reference(std::span<const Fr> inputs, const Fr& capacity) noexcept
{
    return dispatch<false>(inputs, capacity);
}

Fr hash2(const Fr& capacity, const Fr& a, const Fr& b) noexcept
{
    return permute_optimized<3>(State<3>{capacity, a, b});
}

}  // namespace blend::poseidon
