//! Rank over GF(p) for any prime p < 2⁶³ on `u64` residues, column-recursive
//! ([`super::column_recursive`]) so that most of the work is a matrix product.
//!
//! The product `L·U mod p` runs on faer's f64 GEMM: every residue is centred and cut into
//! three balanced base-2²¹ digits, x = x₀ + 2²¹·x₁ + 2⁴²·x₂ with |xᵢ| ≤ 2²⁰. Since only
//! the value mod p matters, the powers of 2²¹ of L's digits move onto U:
//! `L·U ≡ Σᵢ Lᵢ·Uⁱ` with Uⁱ = 2²¹ⁱ·U mod p, and with Uⁱ split into digits in turn,
//! `L·U ≡ H₀ + 2²¹·H₁ + 2⁴²·H₂` where `Hⱼ = Σᵢ Lᵢ·Uⁱⱼ`. All three Hⱼ come from one
//! GEMM (right factors side by side) of inner dimension 3k whose terms are below 2⁴⁰, so
//! up to 3·2¹¹ of them sum exactly in a double; each entry is then combined in i128 and
//! reduced once. The scaling and the nine digit planes fall on U, prepared once per
//! update and usually the smaller factor (the rows below the pivots outnumber U's columns
//! deep in the recursion); L only gets its three plain digit planes. Nine digit products
//! in all, against the one of the f64 kernel: the price of 62-bit residues on 53-bit
//! floating point.
//!
//! The narrow row-by-row steps use Shoup's precomputed quotient (f' = ⌊f·2⁶⁴/p⌋) since a
//! row update multiplies a whole row by the same f: one high and two low multiplications
//! per entry, no division and no 128-bit remainder.

use super::column_recursive::{self, BlockKernel};
use super::dense::ModElimination;
use super::prime::{mul_mod, pow_mod};
use faer::{Accum, MatMut, MatRef, Par};

/// `x·f mod p` for f < p < 2⁶³ and any x < 2⁶⁴, given `fp = ⌊f·2⁶⁴/p⌋`.
#[inline(always)]
fn mul_shoup(x: u64, f: u64, fp: u64, p: u64) -> u64 {
    // q ≤ x·f/p < q + 2, so r = x·f − q·p lies in [0, 2p), and 2p < 2⁶⁴.
    let q = ((x as u128 * fp as u128) >> 64) as u64;
    let r = x.wrapping_mul(f).wrapping_sub(q.wrapping_mul(p));
    // Branch-free r mod p for r < 2p: r − p wraps above r exactly when r < p.
    r.min(r.wrapping_sub(p))
}

/// Shoup's quotient ⌊f·2⁶⁴/p⌋ for f < p.
#[inline(always)]
fn shoup_quotient(f: u64, p: u64) -> u64 {
    (((f as u128) << 64) / p as u128) as u64
}

/// `(a − b) mod p` for a, b in [0, p).
#[inline(always)]
fn sub_mod(a: u64, b: u64, p: u64) -> u64 {
    let d = a.wrapping_sub(b);
    d.min(d.wrapping_add(p))
}

/// `row[i] = (row[i] − f·src[i]) mod p` for residues, f < p.
#[inline(always)]
fn row_sub_mul(row: &mut [u64], f: u64, src: &[u64], p: u64) {
    // Add (p − f)·src instead, to stay unsigned.
    let g = p - f;
    let gp = shoup_quotient(g, p);
    for (d, &u) in row.iter_mut().zip(src) {
        let s = *d + mul_shoup(u, g, gp, p);
        *d = s.min(s.wrapping_sub(p));
    }
}

/// Rank of the row-major `rows × cols` matrix of residues in [0, p) held in `a` (destroyed),
/// p prime below 2⁶³. Pivot columns are the column rank profile, pivot rows those of the
/// reference elimination. `par` lets the matrix products use several threads.
///
/// # Panics
/// If `a.len() != rows * cols` or `p` is outside [2, 2⁶³).
///
/// ```
/// use exrank::modular::gfp_u64::rank_u64;
/// let p = (1u64 << 61) - 1;
/// let mut a = vec![1, 2, 3, p - 1, p - 2, p - 3]; // row 2 = −row 1
/// assert_eq!(rank_u64(&mut a, 2, 3, p, faer::Par::Seq).rank, 1);
/// ```
pub fn rank_u64(a: &mut [u64], rows: usize, cols: usize, p: u64, par: Par) -> ModElimination {
    assert!((2..1 << 63).contains(&p), "p = {p} outside [2, 2^63)");
    column_recursive::eliminate(GfpU64 { p }, p, a, rows, cols, par)
}

/// The u64 arithmetic behind [`rank_u64`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct GfpU64 {
    pub(crate) p: u64,
}

/// Digit width of the split residues.
const DIGIT_BITS: u32 = 21;

/// Largest inner dimension k of one digit product round: each Hⱼ sums 3k terms below
/// 2⁴⁰, and 3·2¹¹·2⁴⁰ < 2⁵³ keeps every partial sum an exact integer.
const DIGIT_CHUNK: usize = 1 << 11;

impl BlockKernel for GfpU64 {
    type Elem = u64;
    const BASE_WIDTH: usize = 16;

    fn eliminate_base(
        &self,
        a: &mut [u64],
        m: usize,
        n: usize,
        r0: usize,
        c0: usize,
        c1: usize,
        perm: &mut [usize],
        pivot_cols: &mut Vec<usize>,
    ) -> usize {
        let p = self.p;
        let mut r = r0;
        for j in c0..c1 {
            if r == m {
                break;
            }
            let Some(q) = (r..m).find(|&i| a[i * n + j] != 0) else {
                continue;
            };
            if q != r {
                let (top, bot) = a.split_at_mut(q * n);
                top[r * n..r * n + n].swap_with_slice(&mut bot[..n]);
                perm.swap(r, q);
            }
            let inv = pow_mod(a[r * n + j], p - 2, p);
            let (top, rest) = a.split_at_mut((r + 1) * n);
            let prow = &top[r * n + j + 1..r * n + c1];
            for row in rest.chunks_exact_mut(n) {
                let x = row[j];
                if x == 0 {
                    continue;
                }
                let mult = mul_mod(x, inv, p);
                row[j] = mult; // L is stored in place, below the pivot
                row_sub_mul(&mut row[j + 1..c1], mult, prow, p);
            }
            pivot_cols.push(j);
            r += 1;
        }
        r - r0
    }

    fn solve_base(&self, a: &mut [u64], n: usize, r0: usize, piv: &[usize], c0: usize, c1: usize) {
        let k = piv.len();
        for t in 0..k {
            for s in t + 1..k {
                let l = a[(r0 + s) * n + piv[t]];
                if l == 0 {
                    continue;
                }
                let (top, bot) = a.split_at_mut((r0 + s) * n);
                let src = &top[(r0 + t) * n + c0..(r0 + t) * n + c1];
                row_sub_mul(&mut bot[c0..c1], l, src, self.p);
            }
        }
    }

    /// Per chunk of the inner dimension, the 3kc × 3w matrix whose row (i, t) holds the
    /// three digit planes of row t of 2²¹ⁱ·U mod p side by side.
    type Right = Vec<f64>;

    fn prepare_right(&self, u: &[u64], stride: usize, k: usize, w: usize) -> Vec<f64> {
        let p = self.p;
        let scale: [u64; 3] = std::array::from_fn(|i| pow_mod(2, DIGIT_BITS as u64 * i as u64, p));
        let mut out = Vec::with_capacity(9 * k * w);
        let mut scaled = Vec::with_capacity(w);
        let mut t0 = 0;
        while t0 < k {
            let kc = DIGIT_CHUNK.min(k - t0);
            for (i, &s) in scale.iter().enumerate() {
                let sq = shoup_quotient(s, p);
                for t in t0..t0 + kc {
                    let row = &u[t * stride..t * stride + w];
                    let src = if i == 0 {
                        row
                    } else {
                        scaled.clear();
                        scaled.extend(row.iter().map(|&x| mul_shoup(x, s, sq, p)));
                        &scaled[..]
                    };
                    for j in 0..3 {
                        digit_plane(src, j, p, &mut out);
                    }
                }
            }
            t0 += kc;
        }
        out
    }

    /// See the module docs: `L·U ≡ Σᵢ Lᵢ·(2²¹ⁱ·U mod p)`, and the digits j of those
    /// scaled U give `Hⱼ = Σᵢ Lᵢ·(2²¹ⁱ·U mod p)ⱼ`, one GEMM `[L₀ | L₁ | L₂] · R` for all
    /// three j. Then `L·U ≡ H₀ + 2²¹·H₁ + 2⁴²·H₂`, below 2⁹⁶ in i128, reduced once per
    /// entry.
    fn sub_product(
        &self,
        dst: &mut [u64],
        n: usize,
        rows: usize,
        w: usize,
        l: &[u64],
        u: &Vec<f64>,
        k: usize,
        par: Par,
    ) {
        let p = self.p;
        // An i128 below 2^97 is hi·2^64 + lo; hi·(2^64 mod p) + lo ≡ it, two Shoup steps.
        let r64 = ((1u128 << 64) % p as u128) as u64;
        let r64_q = shoup_quotient(r64, p);
        let one_q = shoup_quotient(1, p);
        let offset: i128 = 1 << 96;
        let offset_mod = (offset as u128 % p as u128) as u64;
        let mut g = vec![0.0; rows * 3 * w];
        let mut ld = Vec::with_capacity(rows * 3 * DIGIT_CHUNK.min(k));
        let mut t0 = 0;
        while t0 < k {
            let kc = DIGIT_CHUNK.min(k - t0);
            ld.clear();
            for row in l.chunks_exact(k) {
                for i in 0..3 {
                    digit_plane(&row[t0..t0 + kc], i, p, &mut ld);
                }
            }
            let lv = MatRef::from_row_major_slice(&ld, rows, 3 * kc);
            let uv = MatRef::from_row_major_slice(&u[9 * t0 * w..9 * (t0 + kc) * w], 3 * kc, 3 * w);
            let gv = MatMut::from_row_major_slice_mut(&mut g, rows, 3 * w);
            faer::linalg::matmul::matmul(gv, Accum::Replace, lv, uv, 1.0, par);
            for (i, h) in g.chunks_exact(3 * w).enumerate() {
                let drow = &mut dst[i * n..i * n + w];
                let (h0, rest) = h.split_at(w);
                let (h1, h2) = rest.split_at(w);
                for (((d, &x0), &x1), &x2) in drow.iter_mut().zip(h0).zip(h1).zip(h2) {
                    // Each x is an exact integer below 2^53 in absolute value.
                    let h = x0 as i64 as i128
                        + ((x1 as i64 as i128) << DIGIT_BITS)
                        + ((x2 as i64 as i128) << (2 * DIGIT_BITS))
                        + offset;
                    let (hi, lo) = ((h >> 64) as u64, h as u64);
                    let t = mul_shoup(hi, r64, r64_q, p) + mul_shoup(lo, 1, one_q, p);
                    let t = sub_mod(t.min(t.wrapping_sub(p)), offset_mod, p);
                    *d = sub_mod(*d, t, p);
                }
            }
            t0 += kc;
        }
    }
}

/// Appends to `out` digit `i` (0, 1 or 2) of the centred representative of each `src[t]`
/// ∈ [0, p):
/// c = d₀ + 2²¹·d₁ + 2⁴²·d₂ with every |dᵢ| ≤ 2²⁰. Compiled for AVX-512 too (chosen at
/// run time), where the shifts and the conversion vectorise.
fn digit_plane(src: &[u64], i: u32, p: u64, out: &mut Vec<f64>) {
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512dq")]
        unsafe fn wide(src: &[u64], i: u32, p: u64, out: &mut Vec<f64>) {
            digit_plane_portable(src, i, p, out)
        }
        if std::arch::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU supports the features `wide` was compiled for.
            return unsafe { wide(src, i, p, out) };
        }
    }
    digit_plane_portable(src, i, p, out)
}

/// [`digit_plane`] for the baseline instruction set.
#[inline(always)]
fn digit_plane_portable(src: &[u64], i: u32, p: u64, out: &mut Vec<f64>) {
    let half = p / 2;
    let low = |v: i64| (v << (64 - DIGIT_BITS)) >> (64 - DIGIT_BITS);
    out.extend(src.iter().map(|&x| {
        // |c| ≤ (p − 1)/2 < 2⁶²; each step leaves |rest| ≤ 2⁴¹, then ≤ 2²⁰.
        let c = if x > half {
            x.wrapping_sub(p) as i64
        } else {
            x as i64
        };
        let d0 = low(c);
        let r = (c - d0) >> DIGIT_BITS;
        let d1 = low(r);
        let d2 = (r - d1) >> DIGIT_BITS;
        (match i {
            0 => d0,
            1 => d1,
            _ => d2,
        }) as f64
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (a − Σ l·u) mod p the slow way, in u128.
    fn naive(d: u64, l: &[u64], u: &[u64], p: u64) -> u64 {
        let s = l
            .iter()
            .zip(u)
            .fold(0u128, |s, (&x, &y)| (s + x as u128 * y as u128) % p as u128);
        ((d as u128 + p as u128 - s) % p as u128) as u64
    }

    /// Checks `sub_product` on rows × w with inner dimension k against `naive`, with
    /// entries from `pick`.
    fn check_product(p: u64, rows: usize, w: usize, k: usize, pick: impl Fn(usize) -> u64) {
        let l: Vec<u64> = (0..rows * k).map(&pick).collect();
        let u: Vec<u64> = (0..k * w).map(|i| pick(i + 7919)).collect();
        let d0: Vec<u64> = (0..rows * w).map(|i| pick(i + 104_729)).collect();
        let mut d = d0.clone();
        let kernel = GfpU64 { p };
        let right = kernel.prepare_right(&u, w, k, w);
        kernel.sub_product(&mut d, w, rows, w, &l, &right, k, Par::Seq);
        for i in 0..rows {
            for c in 0..w {
                let col: Vec<u64> = (0..k).map(|t| u[t * w + c]).collect();
                let want = naive(d0[i * w + c], &l[i * k..(i + 1) * k], &col, p);
                assert_eq!(d[i * w + c], want, "p = {p}, k = {k}, entry ({i}, {c})");
            }
        }
    }

    #[test]
    fn product_is_exact_at_the_extremes_of_the_digit_range() {
        // Residues whose centred digits are all ±2^20 or close: the largest terms; and an
        // inner dimension past one chunk, so two rounds of the GEMM accumulate into dst.
        for p in [
            (1 << 63) - 25,
            4_611_686_018_427_387_847,
            (1 << 32) + 15,
            67_108_879,
        ] {
            let half = p / 2;
            let big = (1u64 << 41) % p;
            let extremes = [p - 1, half, half + 1, 1, (1 << 20) | (1 << 41), p - big];
            check_product(p, 3, 2, DIGIT_CHUNK + 37, |i| {
                extremes[i % extremes.len()] % p
            });
            check_product(p, 5, 4, 300, |i| {
                let x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                x % p
            });
        }
    }

    #[test]
    fn digits_recombine_and_stay_small_on_both_instruction_sets() {
        for p in [(1 << 63) - 25, 4_611_686_018_427_387_847, 1_000_003, 2] {
            let src: Vec<u64> = (0..200u64)
                .map(|i| match i % 4 {
                    0 => i % p,
                    1 => p - 1 - i % p,
                    2 => (p / 2 + i) % p,
                    _ => i.wrapping_mul(0x9E37_79B9_7F4A_7C15) % p,
                })
                .collect();
            let mut planes = [vec![], vec![], vec![]];
            for (i, plane) in planes.iter_mut().enumerate() {
                digit_plane(&src, i as u32, p, plane);
                let mut portable = vec![];
                digit_plane_portable(&src, i as u32, p, &mut portable);
                assert_eq!(*plane, portable, "p = {p}, digit {i}");
            }
            for (t, &x) in src.iter().enumerate() {
                let d = [planes[0][t], planes[1][t], planes[2][t]].map(|v| v as i128);
                assert!(
                    d.iter().all(|v| v.abs() <= 1 << 20),
                    "p = {p}, x = {x}: {d:?}"
                );
                let c = d[0] + (d[1] << 21) + (d[2] << 42);
                assert_eq!(c.rem_euclid(p as i128), x as i128, "p = {p}, x = {x}");
            }
        }
    }
}
