// SPDX-License-Identifier: Apache-2.0
#include "trie/poseidon/poseidon.hpp"

#include "core/assert.hpp"
#include "trie/poseidon/lazy_fr.hpp"
#include "trie/poseidon/poseidon_ifma.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdlib>
#include <string_view>
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

using namespace lazy;  // NOLINT(google-build-using-namespace): the lazy-form kernels

template <size_t T>
using LazyState = std::array<Limbs<4>, T>;

template <size_t T>
[[gnu::always_inline]] inline LazyState<T> lazy_mds(const Matrix<T>& m,
                                                    const LazyState<T>& s) noexcept
{
    LazyState<T> out{};
    for (size_t i = 0; i < T; ++i) {
        Limbs<4> acc = lazy_mul(m[i][0].mont(), s[0]);
        for (size_t j = 1; j < T; ++j)
            acc = lazy_add(acc, lazy_mul(m[i][j].mont(), s[j]));
        out[i] = acc;
    }
    return out;
}

// t = 3, the width of the trie hash, has its own permutation: the state is kept *scaled*, and
// the factors are chosen so that many constant products become additions. Its partial rounds are
// a scalar recurrence (T3Recurrence below), not the sparse-matrix form above.
//
// Full rounds, s <- M (sbox(s) + c), with the input stored as s_j = theta_j * u_j: since
// sbox(theta u) + c = theta^5 (u^5 + c / theta^5), the new u_i = s_i / theta'_i is
//     sum_j (M_ij theta_j^5 / theta'_i) (u_j^5 + c_j / theta_j^5),
// and theta'_i = M_i0 theta_0^5 makes column 0 all ones: u_0^5 is never reduced on its own, it
// enters each row as the unreduced product u_0^4 * u_0. Six constant products per round instead
// of nine, and two of the three x^4 * x products are not reduced separately.
//
// The factors flow through: the first-half rounds start unscaled, the partial rounds start from
// the factors the last first-half round leaves, the second half from those the partial rounds'
// exit rows set, and the last round (only row 0 is needed) folds them into its row and ends
// unscaled.
// Every factor must be nonzero (asserted; true for circomlib's t = 3).
struct T3FullRound {
    std::array<std::array<Fr, 2>, 3> n;  // row i: coefficients of v_1, v_2 (adjacent for a kernel)
    std::array<Fr, 3> k;                 // c_j / theta_j^5 (the IFMA kernel adds them as such)
    // The scalar kernels fold k_1, k_2 into the rows: s_i' = x_0 s_0 + n_i0 x_1 s_1 + n_i1 x_2 s_2
    // + row_k_i with row_k_i = k_0 + n_i0 k_1 + n_i1 k_2, so v_j needs no addition of its own.
    std::array<Fr, 3> row_k;
};

Fr pow5(const Fr& x) noexcept
{
    return x.square().square() * x;
}

/// One scaled full round s <- M (sbox(s) + c) (see the comment above T3FullRound). `theta` holds
/// the scale factors of the round's input and is updated to those of its output.
T3FullRound make_full_round(const Matrix<3>& m, const State<3>& c, State<3>& theta) noexcept
{
    T3FullRound round;
    State<3> t5;
    for (size_t j = 0; j < 3; ++j) {
        t5[j] = pow5(theta[j]);
        round.k[j] = c[j] * t5[j].inverse();
    }
    for (size_t i = 0; i < 3; ++i) {
        theta[i] = m[i][0] * t5[0];
        BLEND_ASSERT(!theta[i].is_zero());
        const Fr inv = theta[i].inverse();
        round.n[i] = {m[i][1] * t5[1] * inv, m[i][2] * t5[2] * inv};
    }
    for (size_t i = 0; i < 3; ++i)
        round.row_k[i] = round.k[0] + round.n[i][0] * round.k[1] + round.n[i][1] * round.k[2];
    return round;
}

// The scalar path runs the partial rounds as one scalar recurrence instead (docs/state.md
// "Poseidon"). In the rounds' own form, with x the S-box input of s0 (its round constant
// included), y = x^5 and u the other two inputs (constants included), M = [a c^T; b B]:
//     x_{p+1} = a y_p + c . u_p + C0_{p+1},     u_{p+1} = B u_p + b y_p + D_{p+1},
// a linear system with a two-dimensional state u. By Cayley-Hamilton (B^2 = t B - det I with
// t = tr B) u can be eliminated:
//     x_{p+3} = a y_{p+2} + t x_{p+2} - det x_{p+1} + g1 y_{p+1} + g0 y_p + K_{p+3},
//     g1 = c.b - t a,   g0 = c.Bb - t c.b + det a,
//     K_{p+3} = C0_{p+3} - t C0_{p+2} + det C0_{p+1} + (cB - t c) . D_{p+1} + c . D_{p+2}.
// Scaled as X_p = x_p / d_p with d_{p+1} = a d_p^5, so Y_p = X_p^5 enters with coefficient 1:
//     X_{p+3} = REDC(X_{p+2}^4 X_{p+2} + four constant products + K 2^256),
//     Y_{p+2} = REDC(X_{p+2}^4 X_{p+2}).
// Four constant products and two reductions per round (the sparse-matrix form above: four and
// three), and the chain x -> x^2 -> x^4 -> x^5 -> x' carries no product with a constant. The two
// first rounds use the same loop with the window (X, X_prev, Y_prev, Y_prev2) seeded with the
// full rounds' outputs (S0, S1, S2, 0); after the last, u_57 is rebuilt from the last window.
struct T3RecurrenceRound {
    std::array<Fr, 4> c;  // coefficients of the window (X_{p+2}, X_{p+1}, Y_{p+1}, Y_p)
    Fr k;                 // the constant, added as k * 2^256
};

struct T3Recurrence {
    State<3> initial{};
    std::array<T3FullRound, kHalfFull> first{};
    std::vector<T3RecurrenceRound> partial;
    std::array<T3RecurrenceRound, 2> exit{};  // u_57 (the second half's s1, s2) from the window
    std::array<T3FullRound, kHalfFull - 1> second{};
    std::array<Fr, 3> last_row{};

    T3Recurrence()
    {
        const ReferenceTables<3>& ref = reference_tables<3>();
        const OptimizedTables<3>& tab = optimized_tables<3>();
        const Matrix<3>& m = ref.mds;
        const Matrix<3> m_inv = invert(m, 3);
        const size_t rp = ref.partial_rounds;
        BLEND_ASSERT(rp >= 2);

        // First half: round r + 1's constant moves behind round r's S-box (M^-1 C), so the last
        // first-half round leaves the S-box inputs of partial round 0, constants included.
        initial = ref.round_constants[0];
        State<3> theta{Fr::one(), Fr::one(), Fr::one()};
        for (size_t r = 0; r < kHalfFull; ++r)
            first[r] = make_full_round(m, mul(m_inv, ref.round_constants[r + 1]), theta);

        const Fr a = m[0][0];
        using Vec2 = std::array<Fr, 2>;
        const Vec2 c{m[0][1], m[0][2]};
        const Vec2 b{m[1][0], m[2][0]};
        const auto apply_b = [&](const Vec2& v) {
            return Vec2{m[1][1] * v[0] + m[1][2] * v[1], m[2][1] * v[0] + m[2][2] * v[1]};
        };
        const auto dot = [](const Vec2& x, const Vec2& y) { return x[0] * y[0] + x[1] * y[1]; };
        const auto c0 = [&](size_t q) { return ref.round_constants[kHalfFull + q][0]; };
        const auto d_const = [&](size_t q) {
            const State<3>& k = ref.round_constants[kHalfFull + q];
            return Vec2{k[1], k[2]};
        };
        const Fr t = m[1][1] + m[2][2];
        const Fr det = m[1][1] * m[2][2] - m[1][2] * m[2][1];
        const Fr cb = dot(c, b);
        const Vec2 cB{c[0] * m[1][1] + c[1] * m[2][1], c[0] * m[1][2] + c[1] * m[2][2]};
        const Fr g1 = cb - t * a;
        const Fr g0 = dot(cB, b) - t * cb + det * a;

        std::vector<Fr> d(rp + 1);
        d[0] = theta[0];
        for (size_t q = 0; q < rp; ++q) {
            d[q + 1] = a * pow5(d[q]);
            BLEND_ASSERT(!d[q + 1].is_zero());
        }
        const auto set = [](T3RecurrenceRound& round, const std::array<Fr, 4>& coeff,
                            const std::array<Fr, 4>& scale, const Fr& k, const Fr& next_scale) {
            const Fr inv = next_scale.inverse();
            for (size_t i = 0; i < 4; ++i)
                round.c[i] = coeff[i] * scale[i] * inv;
            round.k = k * inv;
        };
        partial.resize(rp);
        // x_1 = a y_0 + c . u_0 + C0_1, window (S0, S1, S2, 0).
        set(partial[0], {Fr::zero(), c[0], c[1], Fr::zero()},
            {theta[0], theta[1], theta[2], Fr::one()}, c0(1), d[1]);
        // x_2 = a y_1 + c . (B u_0 + b y_0 + D_1) + C0_2 with u_0[0] recovered from x_1, y_0 and
        // u_0[1]: window (X_1, S0, Y_0, S2). The affine map is read off by evaluating it.
        {
            const auto x2_rest = [&](const Fr& x1, const Fr& y0, const Fr& u01) {
                const Fr u00 = (x1 - a * y0 - c[1] * u01 - c0(1)) * c[0].inverse();
                const Vec2 bu = apply_b({u00, u01});
                return dot(c,
                           {bu[0] + b[0] * y0 + d_const(1)[0], bu[1] + b[1] * y0 + d_const(1)[1]}) +
                       c0(2);
            };
            const Fr base = x2_rest(Fr::zero(), Fr::zero(), Fr::zero());
            set(partial[1],
                {x2_rest(Fr::one(), Fr::zero(), Fr::zero()) - base, Fr::zero(),
                 x2_rest(Fr::zero(), Fr::one(), Fr::zero()) - base,
                 x2_rest(Fr::zero(), Fr::zero(), Fr::one()) - base},
                {d[1], theta[0], pow5(d[0]), theta[2]}, base, d[2]);
        }
        for (size_t p = 0; p + 2 < rp; ++p) {
            const Vec2 d1 = d_const(p + 1);
            const Vec2 d2 = d_const(p + 2);
            const Fr k = c0(p + 3) - t * c0(p + 2) + det * c0(p + 1) +
                         dot({cB[0] - t * c[0], cB[1] - t * c[1]}, d1) + dot(c, d2);
            set(partial[p + 2], {t, -det, g1, g0}, {d[p + 2], d[p + 1], pow5(d[p + 1]), pow5(d[p])},
                k, d[p + 3]);
        }

        // u_{rp} from the last window (x_{rp}, x_{rp-1}, y_{rp-1}, y_{rp-2}): c . u_{rp-2} and
        // c . B u_{rp-2} follow from the x and y, which fixes u_{rp-2}, and two steps lead on.
        {
            const Fr o_det = c[0] * cB[1] - c[1] * cB[0];
            BLEND_ASSERT(!o_det.is_zero());
            const Fr o_inv = o_det.inverse();
            const auto exit_state = [&](const std::array<Fr, 4>& w) {
                const size_t n = rp;
                const Fr z_last = w[0] - a * w[2] - c0(n);      // c . u_{n-1}
                const Fr z_prev = w[1] - a * w[3] - c0(n - 1);  // c . u_{n-2}
                const Fr r0 = z_prev;
                const Fr r1 = z_last - cb * w[3] - dot(c, d_const(n - 1));
                const Vec2 u2{(cB[1] * r0 - c[1] * r1) * o_inv, (c[0] * r1 - cB[0] * r0) * o_inv};
                const Vec2 bu2 = apply_b(u2);
                const Vec2 u1{bu2[0] + b[0] * w[3] + d_const(n - 1)[0],
                              bu2[1] + b[1] * w[3] + d_const(n - 1)[1]};
                const Vec2 bu1 = apply_b(u1);
                return Vec2{bu1[0] + b[0] * w[2] + d_const(n)[0],
                            bu1[1] + b[1] * w[2] + d_const(n)[1]};
            };
            const Vec2 base = exit_state({Fr::zero(), Fr::zero(), Fr::zero(), Fr::zero()});
            std::array<Vec2, 4> col;
            for (size_t i = 0; i < 4; ++i) {
                std::array<Fr, 4> e{Fr::zero(), Fr::zero(), Fr::zero(), Fr::zero()};
                e[i] = Fr::one();
                const Vec2 v = exit_state(e);
                col[i] = {v[0] - base[0], v[1] - base[1]};
            }
            const std::array<Fr, 4> scale{d[rp], d[rp - 1], pow5(d[rp - 1]), pow5(d[rp - 2])};
            for (size_t j = 0; j < 2; ++j)
                set(exit[j], {col[0][j], col[1][j], col[2][j], col[3][j]}, scale, base[j],
                    Fr::one());
        }

        theta = {d[rp], Fr::one(), Fr::one()};
        for (size_t r = 0; r < second.size(); ++r)
            second.at(r) = make_full_round(m, tab.second_half.at(r), theta);
        for (size_t j = 0; j < 3; ++j)
            last_row[j] = m[0][j] * pow5(theta[j]);
    }
};

const T3Recurrence& t3_recurrence() noexcept
{
    static const T3Recurrence recurrence;
    return recurrence;
}

static_assert(sizeof(Fr) == sizeof(Limbs<4>) && std::is_standard_layout_v<Fr>,
              "the kernels read Fr arrays as limbs");

template <typename T>
const Limbs<4>* limbs(const T& fr_array) noexcept
{
    return reinterpret_cast<const Limbs<4>*>(fr_array.data());
}

// Bounds, with rho = r / 2^256 < 0.18904 and REDC(T) < T / 2^256 + r, constants < r.
//
// Full rounds, state < 2r: x^4 * x < 4r^2 and a two-term dot with k * 2^256 is < 4r^2 + r 2^256,
// so REDC of their sum is < 8 rho r + 2r < 3.6r, and redc_sum's one conditional subtraction of 2r
// brings it below 2r; all sums stay below 2^512.
//
// Partial rounds (T3Recurrence), invariant X < 2.25r and Y < 1.75r (the seeds S0..S2 < 2r):
// X^2 < (2.25^2 rho + 1) r < 1.957r, X^4 < 1.724r, P = X^4 X < 3.879 r^2, so Y = REDC(P) <
// 1.734r with no subtraction. The four products are < r (2 * 2.25 + 2 * 1.75) r = 8r^2 (the
// seeded windows (S0, S1, S2, 0) and (X_1, S0, Y_0, S2) stay below that too), so
// T = P + L + k 2^256 < 0.632 * 2^512 and X' = REDC(T) < 4.246r; its one subtraction of 2r gives
// X' < 2.25r again. The exit rows (same window, one REDC each) are < 3.61r before their
// subtraction, and the last X takes one lazy_reduce: the full rounds after them see < 2r.
// tests/trie/poseidon_test.cpp recomputes these figures with GMP.

template <typename K>
[[gnu::always_inline]] inline void full_round_t3(LazyState<3>& s, const T3FullRound& rd) noexcept
{
    std::array<Limbs<4>, 3> x4;
    for (size_t j = 0; j < 3; ++j)
        x4[j] = K::sqr(s[j]);
    for (size_t j = 0; j < 3; ++j)
        x4[j] = K::sqr(x4[j]);
    const std::array<Limbs<4>, 2> v{K::mul(x4[1], s[1]), K::mul(x4[2], s[2])};
    lazy::Wide p;
    std::array<lazy::Wide, 3> d;
    K::mul_wide(p, x4[0], s[0]);
    for (size_t i = 0; i < 3; ++i)
        K::dot2_wide_k(d[i], limbs(rd.n[i]), v.data(), rd.row_k[i].mont());
    for (size_t i = 0; i < 3; ++i)
        s[i] = K::redc_sum(p, d[i]);
}

template <typename K>
Fr permute_t3(const State<3>& input) noexcept
{
    const T3Recurrence& sc = t3_recurrence();
    LazyState<3> s;
    for (size_t i = 0; i < 3; ++i)
        s[i] = lazy_add(input[i].mont(), sc.initial[i].mont());
    for (const T3FullRound& rd : sc.first)
        full_round_t3<K>(s, rd);

    // The window (X_{p+2}, X_{p+1}, Y_{p+1}, Y_p) of T3Recurrence lives in two histories indexed
    // by round, so no value is copied from round to round; X_{p+2} (the chain) stays in x.
    constexpr size_t kHistory = ifma::kPartialRounds + 3;
    std::array<Limbs<4>, kHistory> xs;  // xs[q] = X_{q-1}: xs[0] = S1, xs[1] = S0
    std::array<Limbs<4>, kHistory> ys;  // ys[q] = Y_{q-2}: ys[0] = 0, ys[1] = S2
    BLEND_ASSERT(sc.partial.size() + 3 <= kHistory);
    xs[0] = s[1];
    ys[0] = Limbs<4>{};
    ys[1] = s[2];
    Limbs<4> x = s[0];
    lazy::Wide p, l;
    for (size_t q = 0; q < sc.partial.size(); ++q) {
        const T3RecurrenceRound& rd = sc.partial[q];
        // The chain x -> x^2 -> x^4 -> x^5 -> x' first, with the four constant products spread
        // between its steps in program order so the out-of-order core overlaps them: the
        // scheduler holds ~100 waiting micro-ops, and a product placed after the whole chain
        // would not enter it in time (measured: 297 cycles per round that way, 262 so).
        lazy::Wide t1, t2, t3;
        K::mul_wide(t1, rd.c[1].mont(), xs[q]);
        const Limbs<4> x2 = K::sqr(x);
        K::mul_wide(t2, rd.c[2].mont(), ys[q + 1]);
        K::mul_wide_k(l, rd.c[0].mont(), x, rd.k.mont());
        const Limbs<4> x4 = K::sqr(x2);
        K::mul_wide(t3, rd.c[3].mont(), ys[q]);
        K::add_wide(l, t1);
        K::add_wide(t2, t3);
        K::add_wide(l, t2);
        K::mul_wide(p, x4, x);
        xs[q + 1] = x;
        x = K::redc_sum(p, l);
        ys[q + 2] = K::redc_unreduced(p);
    }
    const size_t n = sc.partial.size();
    const std::array<Limbs<4>, 4> w{x, xs[n], ys[n + 1], ys[n]};
    for (size_t j = 0; j < 2; ++j) {
        lazy::dot4_wide_k<K>(l, limbs(sc.exit[j].c), w.data(), sc.exit[j].k.mont());
        s[j + 1] = K::redc(l);
    }
    s[0] = lazy_reduce(x);  // < 2.25r after the loop; the full rounds take < 2r

    for (const T3FullRound& rd : sc.second)
        full_round_t3<K>(s, rd);
    for (size_t i = 0; i < 3; ++i) {
        const Limbs<4> x2 = K::sqr(s[i]);
        s[i] = K::mul(K::sqr(x2), s[i]);
    }
    Limbs<4> out = K::dot3(limbs(sc.last_row), s.data());
    Limbs<4> reduced{};
    if (field::detail::sub_borrow(reduced, out, Fr::kModulus) == 0)
        out = reduced;
    return Fr::from_mont(out);
}

/// t = 3 permutations computed by the optimized path (t3_permutation_count). Relaxed: a counter
/// for benchmarks; one atomic add next to a ~20k-cycle permutation does not show in its time.
std::atomic<uint64_t> g_t3_permutations{0};
std::atomic<uint64_t> g_ifma_calls{0};  // ifma_batch_stats
std::atomic<uint64_t> g_ifma_lanes{0};

Fr permute_t3_dispatch(const State<3>& input) noexcept
{
    g_t3_permutations.fetch_add(1, std::memory_order_relaxed);
#ifdef BLEND_FIELD_HAVE_ADX_ASM
    if (field::detail::g_use_adx)
        return permute_t3<AdxKernels>(input);
#endif
    return permute_t3<PortableKernels>(input);
}

/// 2^n mod r as a field element (by doubling; table construction only).
Fr pow2(size_t n) noexcept
{
    Fr x = Fr::one();
    for (size_t i = 0; i < n; ++i)
        x += x;
    return x;
}

ifma::Limbs52 to_limbs52(const Limbs<4>& x) noexcept
{
    constexpr uint64_t kMask = (uint64_t{1} << ifma::kLimbBits) - 1;
    return {x[0] & kMask, ((x[0] >> 52) | (x[1] << 12)) & kMask,
            ((x[1] >> 40) | (x[2] << 24)) & kMask, ((x[2] >> 28) | (x[3] << 36)) & kMask,
            x[3] >> 16};
}

/// The IFMA kernel's tables: the scaled t = 3 schedule with every constant c as c * 2^260 mod r
/// (its Montgomery form for R = 2^260) in 52-bit limbs.
struct IfmaTables {
    ifma::Tables t{};

    IfmaTables()
    {
        const T3Recurrence& sc = t3_recurrence();
        BLEND_ASSERT(sc.partial.size() == ifma::kPartialRounds);
        const Fr r260 = pow2(260);
        const auto conv = [&](const Fr& c) { return to_limbs52((c * r260).to_canonical()); };
        const auto full = [&](const T3FullRound& in, ifma::FullRound& out) {
            for (size_t i = 0; i < 3; ++i) {
                out.n[i] = {conv(in.n[i][0]), conv(in.n[i][1])};
                out.k[i] = conv(in.k[i]);
            }
        };
        t.to_mont = to_limbs52(pow2(264).to_canonical());
        t.from_mont = to_limbs52(pow2(256).to_canonical());
        for (size_t i = 0; i < 3; ++i)
            t.initial[i] = conv(sc.initial[i]);
        for (size_t r = 0; r < ifma::kHalfFull; ++r)
            full(sc.first[r], t.first[r]);
        const auto recurrence = [&](const T3RecurrenceRound& in, ifma::PartialRound& out) {
            for (size_t i = 0; i < 4; ++i)
                out.c[i] = conv(in.c[i]);
            out.k = conv(in.k);
        };
        for (size_t r = 0; r < ifma::kPartialRounds; ++r)
            recurrence(sc.partial[r], t.partial[r]);
        for (size_t j = 0; j < 2; ++j)
            recurrence(sc.exit[j], t.exit[j]);
        for (size_t r = 0; r + 1 < ifma::kHalfFull; ++r)
            full(sc.second.at(r), t.second.at(r));
        for (size_t i = 0; i < 3; ++i)
            t.last_row[i] = conv(sc.last_row[i]);
    }
};

const ifma::Tables& ifma_tables() noexcept
{
    static const IfmaTables tables;
    return tables.t;
}

template <size_t T>
Fr permute_optimized(const State<T>& input) noexcept
{
    if constexpr (T == 3)
        return permute_t3_dispatch(input);
    const OptimizedTables<T>& tab = optimized_tables<T>();
    LazyState<T> s{};
    for (size_t i = 0; i < T; ++i)
        s[i] = lazy_add(input[i].mont(), tab.initial[i].mont());
    for (size_t r = 0; r < kHalfFull; ++r) {
        for (size_t i = 0; i < T; ++i)
            s[i] = lazy_add(lazy_sbox(s[i]), tab.first_half[r][i].mont());
        s = lazy_mds(r + 1 < kHalfFull ? tab.mds : tab.pre_sparse, s);
    }
    const size_t rp = tab.partial.size();
    for (size_t r = 0; r < rp; ++r) {
        const SparseMatrix<T>& m = tab.sparse[r];
        const Limbs<4> s0 = lazy_add(lazy_sbox(s[0]), tab.partial[r].mont());
        Limbs<4> acc = lazy_mul(m.row[0].mont(), s0);
        for (size_t j = 1; j < T; ++j) {
            acc = lazy_add(acc, lazy_mul(m.row[j].mont(), s[j]));
            s[j] = lazy_add(s[j], lazy_mul(m.column[j].mont(), s0));
        }
        s[0] = acc;
    }
    for (size_t r = 0; r + 1 < kHalfFull; ++r) {
        for (size_t i = 0; i < T; ++i)
            s[i] = lazy_add(lazy_sbox(s[i]), tab.second_half[r][i].mont());
        s = lazy_mds(tab.mds, s);
    }
    // Last round: S-box, then only row 0 of the matrix, since only state[0] is the output.
    for (size_t i = 0; i < T; ++i)
        s[i] = lazy_sbox(s[i]);
    Limbs<4> out = lazy_mul(tab.mds[0][0].mont(), s[0]);
    for (size_t j = 1; j < T; ++j)
        out = lazy_add(out, lazy_mul(tab.mds[0][j].mont(), s[j]));
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
    return permute_t3_dispatch(State<3>{capacity, a, b});
}

namespace detail {

namespace {

bool ifma_default() noexcept
{
    const char* off = std::getenv("BLEND_POSEIDON_NO_IFMA");
    if (off != nullptr && std::string_view(off) != "" && std::string_view(off) != "0")
        return false;
    return ifma::cpu_supported();
}

}  // namespace

std::atomic<bool> g_use_ifma{ifma_default()};

}  // namespace detail

bool ifma_supported() noexcept
{
    static const bool supported = ifma::cpu_supported();
    return supported;
}

void hash2_batch(std::span<const T3Input> in, std::span<Fr> out) noexcept
{
    BLEND_ASSERT(in.size() == out.size());
    if (!detail::g_use_ifma.load(std::memory_order_relaxed) || !ifma_supported()) {
        for (size_t i = 0; i < in.size(); ++i)
            out[i] = hash2(in[i].capacity, in[i].a, in[i].b);
        return;
    }
    g_t3_permutations.fetch_add(in.size(), std::memory_order_relaxed);
    g_ifma_lanes.fetch_add(in.size(), std::memory_order_relaxed);
    g_ifma_calls.fetch_add((in.size() + ifma::kLanes - 1) / ifma::kLanes,
                           std::memory_order_relaxed);
    const ifma::Tables& tab = ifma_tables();
    std::array<std::array<ifma::Limbs64, 3>, ifma::kLanes> lanes{};  // unused lanes hash zeros
    std::array<ifma::Limbs64, ifma::kLanes> res{};
    for (size_t begin = 0; begin < in.size(); begin += ifma::kLanes) {
        const size_t n = std::min(ifma::kLanes, in.size() - begin);
        for (size_t l = 0; l < n; ++l)
            lanes[l] = {in[begin + l].capacity.mont(), in[begin + l].a.mont(),
                        in[begin + l].b.mont()};
        for (size_t l = n; l < ifma::kLanes; ++l)
            lanes[l] = {};
        ifma::permute_x8(tab, lanes, res);
        for (size_t l = 0; l < n; ++l)
            out[begin + l] = Fr::from_mont(res[l]);
    }
}

BatchStats ifma_batch_stats() noexcept
{
    return {g_ifma_calls.load(std::memory_order_relaxed),
            g_ifma_lanes.load(std::memory_order_relaxed)};
}

uint64_t t3_permutation_count() noexcept
{
    return g_t3_permutations.load(std::memory_order_relaxed);
}

}  // namespace blend::poseidon
