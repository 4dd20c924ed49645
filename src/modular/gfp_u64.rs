//! Rank over GF(p) for any prime p < 2⁶³ on `u64` residues, column-recursive
//! ([`super::column_recursive`]) so that most of the work is a matrix product.
//!
//! The product `L·U mod p` runs on faer's f64 GEMM: every residue is centred and cut into
//! three balanced base-2²¹ digits, x = x₀ + 2²¹·x₁ + 2⁴²·x₂ with |xᵢ| ≤ 2²⁰, so
//! `L·U = Σₛ 2²¹ˢ·Gₛ` where Gₛ = Σ_{i+j=s} Lᵢ·Uⱼ. Each Gₛ is one GEMM (the digit blocks laid
//! side by side, so the inner dimension is (number of pairs)·k) with terms below 2⁴⁰: at
//! most 3·2¹¹ of them sum exactly in a double. The five Gₛ are then reduced and scaled
//! by 2²¹ˢ mod p in integers. Nine digit products in all, against the one of the f64
//! kernel: the price of 62-bit residues on 53-bit floating point.
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
struct GfpU64 {
    p: u64,
}

/// Digit width of the split residues.
const DIGIT_BITS: u32 = 21;

/// Largest inner dimension k of one digit product round: each Gₛ sums at most 3k terms
/// below 2⁴⁰, and 3·2¹¹·2⁴⁰ < 2⁵³ keeps every partial sum an exact integer.
const DIGIT_CHUNK: usize = 1 << 11;

impl GfpU64 {
    /// The three balanced digits of the centred representative of x ∈ [0, p).
    #[inline(always)]
    fn digits(&self, x: u64) -> [f64; 3] {
        let p = self.p;
        // |c| ≤ (p − 1)/2 < 2⁶²; each step leaves |rest| ≤ 2⁴¹, then ≤ 2²⁰.
        let c = if x > p / 2 {
            x as i64 - p as i64
        } else {
            x as i64
        };
        let low = |v: i64| (v << (64 - DIGIT_BITS)) >> (64 - DIGIT_BITS);
        let d0 = low(c);
        let r = (c - d0) >> DIGIT_BITS;
        let d1 = low(r);
        let d2 = (r - d1) >> DIGIT_BITS;
        [d0 as f64, d1 as f64, d2 as f64]
    }
}

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

    fn sub_product(
        &self,
        dst: &mut [u64],
        n: usize,
        rows: usize,
        w: usize,
        l: &[u64],
        u: &[u64],
        k: usize,
        par: Par,
    ) {
        let p = self.p;
        // scale[s] = 2^(21s) mod p, and bias[s] = 2^53·scale[s] mod p undoes the offset
        // that makes a product sum nonnegative before its integer reduction.
        let scale: [u64; 5] = std::array::from_fn(|s| pow_mod(2, DIGIT_BITS as u64 * s as u64, p));
        let scale_q = scale.map(|s| shoup_quotient(s, p));
        let two53 = (1u64 << 53) % p;
        let bias = scale.map(|s| mul_mod(two53, s, p));
        let mut g = vec![0.0; rows * w];
        let mut t0 = 0;
        while t0 < k {
            let kc = DIGIT_CHUNK.min(k - t0);
            // Left digits side by side, [L₀ | L₁ | L₂] per row; right ones stacked
            // [U₂; U₁; U₀], so each Gₛ is a contiguous column range times a row range.
            let mut ld = vec![0.0; rows * 3 * kc];
            for (row, out) in l.chunks_exact(k).zip(ld.chunks_exact_mut(3 * kc)) {
                for (t, &x) in row[t0..t0 + kc].iter().enumerate() {
                    let d = self.digits(x);
                    out[t] = d[0];
                    out[kc + t] = d[1];
                    out[2 * kc + t] = d[2];
                }
            }
            let mut ud = vec![0.0; 3 * kc * w];
            for t in 0..kc {
                for (c, &x) in u[(t0 + t) * w..(t0 + t + 1) * w].iter().enumerate() {
                    let d = self.digits(x);
                    ud[t * w + c] = d[2];
                    ud[(kc + t) * w + c] = d[1];
                    ud[(2 * kc + t) * w + c] = d[0];
                }
            }
            for s in 0..5usize {
                // Pairs (i, j) with i + j = s: i from lo to hi, j = s − i.
                let (lo, hi) = (s.saturating_sub(2), s.min(2));
                let pairs = hi - lo + 1;
                let lv = MatRef::from_row_major_slice_with_stride(
                    &ld[lo * kc..],
                    rows,
                    pairs * kc,
                    3 * kc,
                );
                // U digit j sits in block 2 − j, so j = s − hi .. s − lo is blocks
                // 2 − s + hi down to 2 − s + lo: rows (2 + lo − s)·kc, reversed order.
                let first = (2 + lo - s) * kc;
                let uv = MatRef::from_row_major_slice(
                    &ud[first * w..(first + pairs * kc) * w],
                    pairs * kc,
                    w,
                );
                let gv = MatMut::from_row_major_slice_mut(&mut g, rows, w);
                faer::linalg::matmul::matmul(gv, Accum::Replace, lv, uv, 1.0, par);
                for i in 0..rows {
                    let drow = &mut dst[i * n..i * n + w];
                    for (d, &x) in drow.iter_mut().zip(&g[i * w..(i + 1) * w]) {
                        // x is an exact integer with |x| < 2^53.
                        let v = (x as i64 + (1i64 << 53)) as u64;
                        let t = sub_mod(mul_shoup(v, scale[s], scale_q[s], p), bias[s], p);
                        *d = sub_mod(*d, t, p);
                    }
                }
            }
            t0 += kc;
        }
    }
}
