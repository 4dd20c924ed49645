//! The inverse of a square matrix modulo a prime p < 2²³, by blocked Gauss–Jordan whose
//! work is almost all f64 matrix products (faer's GEMM), the FFLAS-FFPACK way.
//!
//! [B | I] is reduced to [I | B⁻¹] one panel of `w` columns at a time. A panel picks w
//! pivot rows whose w × w block D is invertible (the next w rows when they are, which is
//! the rule for random matrices; otherwise the first independent rows found by an
//! elimination of the panel, swapped into place). Then, with Q the columns still to be
//! transformed, W = D⁻¹·G[pivots, Q] replaces the pivot rows and every other row i gets
//! G[i, Q] −= G[i, panel]·W: one product of r × w by w × |Q|. In the right half, row i
//! is nonzero only in the columns of the original indices of the pivot rows so far and
//! of its own, so Q stops at the largest of those (≈ r³ + r³ multiply-adds in all).
//! D⁻¹ itself is computed the same way with panels a quarter as wide, down to 32 columns,
//! where plain Gauss–Jordan takes over.
//!
//! Exactness: residues are kept centred (|x| ≤ (p−1)/2) and w ≤ [`GfpF64::chunk`], so
//! every product sum is an integer below 2⁵² and exact in f64; each result is reduced
//! once. Nothing here needs to be trusted by a proof: [`super::dixon`] only uses B⁻¹ to
//! guess digits and checks every step exactly.

use super::gfp_f64::{axpy_reduce, GfpF64};
use super::prime::pow_mod;
use faer::{Accum, MatMut, MatRef, Par};

/// Panel width: wide enough for GEMM to run near peak, narrow enough that the panel's own
/// w³ inversion stays small (`modular_speed --inverse=1000`).
const PANEL: usize = 128;

/// Panels up to this width are inverted by plain Gauss–Jordan.
const BASE_PANEL: usize = 32;

/// B⁻¹ mod p for the row-major r × r matrix of residues `b` (entries in [0, p)), with
/// entries centred in [−(p−1)/2, (p−1)/2] as f64, row-major; `None` when B is singular
/// modulo p.
///
/// # Panics
/// If p is not in [3, 2²³) or `b.len() != r * r`.
///
/// ```
/// use exrank::modular::inverse_mod_p::inverse_mod_p;
/// let inv = inverse_mod_p(&[2, 1, 1, 1], 2, 7).unwrap(); // [[2, 1], [1, 1]]⁻¹ = [[1, −1], [−1, 2]]
/// assert_eq!(inv, vec![1.0, -1.0, -1.0, 2.0]);
/// assert!(inverse_mod_p(&[1, 2, 2, 4], 2, 7).is_none()); // singular
/// ```
pub fn inverse_mod_p(b: &[u64], r: usize, p: u64) -> Option<Vec<f64>> {
    assert!((3..1 << 23).contains(&p), "p = {p} outside [3, 2^23)");
    assert_eq!(b.len(), r * r, "b must be r × r");
    inverse_blocked(b, r, p, PANEL)
}

/// The blocked Gauss–Jordan with panels of `panel` columns; the panels' own inverses
/// recurse with a quarter of the width down to [`BASE_PANEL`], so that w³ part stays a
/// small share at every size.
fn inverse_blocked(b: &[u64], r: usize, p: u64, panel: usize) -> Option<Vec<f64>> {
    let f = GfpF64::new(p);
    let half = ((p - 1) / 2) as f64;
    let pf = p as f64;
    let ld = 2 * r;
    let mut g = vec![0.0f64; r * ld];
    for i in 0..r {
        for j in 0..r {
            let v = b[i * r + j] as f64;
            g[i * ld + j] = if v > half { v - pf } else { v };
        }
        g[i * ld + r + i] = 1.0;
    }
    let w_max = panel.min(f.chunk());
    let mut orig: Vec<usize> = (0..r).collect();
    let mut hi = 0usize; // right-half columns beyond r + hi are zero in every pivot row
    let mut c0 = 0;
    while c0 < r {
        let w = w_max.min(r - c0);
        let dinv = match block_inverse(&g, ld, c0, w, f, panel) {
            Some(d) => d,
            None => {
                choose_pivot_rows(&mut g, ld, r, c0, w, &mut orig, f)?;
                block_inverse(&g, ld, c0, w, f, panel).expect("chosen rows are independent")
            }
        };
        hi = hi.max(orig[c0..c0 + w].iter().copied().max().expect("w ≥ 1"));
        // Q: columns c0 + w .. r + hi of the augmented matrix.
        let q0 = c0 + w;
        let qn = r + hi + 1 - q0;
        let par = if r * w * qn >= 1 << 21 {
            Par::rayon(0)
        } else {
            Par::Seq
        };
        // The panel column block of every row, and W = D⁻¹·G[pivots, Q].
        let panel: Vec<f64> = (0..r)
            .flat_map(|i| g[i * ld + c0..i * ld + c0 + w].iter().copied())
            .collect();
        let mut wq = vec![0.0f64; w * qn];
        faer::linalg::matmul::matmul(
            MatMut::from_row_major_slice_mut(&mut wq, w, qn),
            Accum::Replace,
            MatRef::from_row_major_slice(&dinv, w, w),
            MatRef::from_row_major_slice_with_stride(&g[c0 * ld + q0..], w, qn, ld),
            1.0,
            par,
        );
        reduce_centre(&mut wq, f);
        for (t, row) in wq.chunks_exact(qn).enumerate() {
            g[(c0 + t) * ld + q0..(c0 + t) * ld + q0 + qn].copy_from_slice(row);
        }
        let wv = MatRef::from_row_major_slice(&wq, w, qn);
        for (lo_row, hi_row) in [(0, c0), (c0 + w, r)] {
            if lo_row == hi_row {
                continue;
            }
            let rows = hi_row - lo_row;
            let dst = &mut g[lo_row * ld + q0..(hi_row - 1) * ld + q0 + qn];
            let pv = MatRef::from_row_major_slice(&panel[lo_row * w..hi_row * w], rows, w);
            faer::linalg::matmul::matmul(
                row_major_mut(dst, rows, qn, ld),
                Accum::Add,
                pv,
                wv,
                -1.0,
                par,
            );
            for i in 0..rows {
                reduce_centre(&mut dst[i * ld..i * ld + qn], f);
            }
        }
        c0 += w;
    }
    Some(
        g.chunks_exact(ld)
            .flat_map(|row| row[r..].iter().copied())
            .collect(),
    )
}

/// A mutable row-major view of `rows × w` entries with row stride `ld`. (faer's row-major
/// constructor has no stride for mutable slices, so the view is the transpose of a
/// column-major one.)
fn row_major_mut(dst: &mut [f64], rows: usize, w: usize, ld: usize) -> MatMut<'_, f64> {
    MatMut::from_column_major_slice_with_stride_mut(dst, w, rows, ld).transpose_mut()
}

/// D⁻¹ (centred, row-major w × w) for D = G[c0..c0+w, c0..c0+w], by Gauss–Jordan on
/// [D | I] without moving rows of G; `None` when D is singular.
fn block_inverse(
    g: &[f64],
    ld: usize,
    c0: usize,
    w: usize,
    f: GfpF64,
    panel: usize,
) -> Option<Vec<f64>> {
    let p = f.reduce(-1.0) as u64 + 1;
    if w > BASE_PANEL && panel > BASE_PANEL {
        let d: Vec<u64> = (0..w)
            .flat_map(|i| (0..w).map(move |j| f.reduce(g[(c0 + i) * ld + c0 + j]) as u64))
            .collect();
        return inverse_blocked(&d, w, p, (panel / 4).max(BASE_PANEL));
    }
    let w2 = 2 * w;
    let mut m = vec![0.0f64; w * w2];
    for i in 0..w {
        for j in 0..w {
            m[i * w2 + j] = f.reduce(g[(c0 + i) * ld + c0 + j]);
        }
        m[i * w2 + w + i] = 1.0;
    }
    for c in 0..w {
        let q = (c..w).find(|&i| m[i * w2 + c] != 0.0)?;
        if q != c {
            let (top, bot) = m.split_at_mut(q * w2);
            top[c * w2..(c + 1) * w2].swap_with_slice(&mut bot[..w2]);
        }
        let inv = pow_mod(m[c * w2 + c] as u64, p - 2, p) as f64;
        for v in &mut m[c * w2..(c + 1) * w2] {
            *v = f.reduce(*v * inv);
        }
        let pivot: Vec<f64> = m[c * w2..(c + 1) * w2].to_vec();
        for (i, row) in m.chunks_exact_mut(w2).enumerate() {
            let mult = row[c];
            if i != c && mult != 0.0 {
                axpy_reduce(row, mult, &pivot, f);
            }
        }
    }
    let mut out: Vec<f64> = m
        .chunks_exact(w2)
        .flat_map(|row| row[w..].iter().copied())
        .collect();
    reduce_centre(&mut out, f);
    Some(out)
}

/// Swaps into rows c0..c0+w the first w rows (from c0 on) whose panel entries are
/// independent mod p, found by eliminating a copy of the panel; `None` when there are
/// fewer (B is singular).
fn choose_pivot_rows(
    g: &mut [f64],
    ld: usize,
    r: usize,
    c0: usize,
    w: usize,
    orig: &mut [usize],
    f: GfpF64,
) -> Option<()> {
    let mut panel: Vec<Vec<f64>> = (c0..r)
        .map(|i| {
            g[i * ld + c0..i * ld + c0 + w]
                .iter()
                .map(|&v| f.reduce(v))
                .collect()
        })
        .collect();
    let p = f.reduce(-1.0) as u64 + 1;
    let mut chosen: Vec<usize> = Vec::with_capacity(w);
    let mut used = vec![false; panel.len()];
    for c in 0..w {
        let q = (0..panel.len()).find(|&i| !used[i] && panel[i][c] != 0.0)?;
        used[q] = true;
        chosen.push(q);
        let inv = pow_mod(panel[q][c] as u64, p - 2, p) as f64;
        let pivot: Vec<f64> = panel[q].iter().map(|&v| f.reduce(v * inv)).collect();
        for (i, row) in panel.iter_mut().enumerate() {
            if !used[i] && row[c] != 0.0 {
                let mult = row[c];
                axpy_reduce(row, mult, &pivot, f);
            }
        }
    }
    // Chosen rows (relative to c0) go to c0, c0 + 1, ... in order; track where rows moved.
    let mut pos: Vec<usize> = (0..r - c0).collect(); // pos[x]: current slot of row c0 + x
    let mut at: Vec<usize> = (0..r - c0).collect(); // at[slot]: which row is there
    for (t, &q) in chosen.iter().enumerate() {
        let (from, to) = (pos[q], t);
        if from != to {
            let (a, b) = (c0 + to, c0 + from);
            let (top, bot) = g.split_at_mut(b * ld);
            top[a * ld..(a + 1) * ld].swap_with_slice(&mut bot[..ld]);
            orig.swap(a, b);
            let other = at[to];
            at.swap(to, from);
            pos[q] = to;
            pos[other] = from;
        }
    }
    Some(())
}

/// Reduces integer-valued entries (|x| < 2⁵²) to centred residues, in one pass compiled
/// for AVX-512 or AVX2 when the CPU has them: x − round(x/p)·p is within 2 of the centred
/// range (the quotient is off by at most 2⁻²² for these sizes), and one select fixes it.
fn reduce_centre(v: &mut [f64], f: GfpF64) {
    let p = f.reduce(-1.0) + 1.0;
    reduce_centre_with(v, p, 1.0 / p, (p - 1.0) / 2.0)
}

/// The portable body of [`reduce_centre_with`] (also the fallback without AVX2).
#[inline(always)]
fn reduce_centre_portable(v: &mut [f64], p: f64, pinv: f64, half: f64) {
    // Adding 1.5·2⁵² rounds to an integer without a libm call.
    const MAGIC: f64 = 6755399441055744.0;
    for x in v.iter_mut() {
        let q = (*x * pinv + MAGIC) - MAGIC;
        let r = *x - q * p;
        let r = if r > half { r - p } else { r };
        *x = if r < -half { r + p } else { r };
    }
}

fn reduce_centre_with(v: &mut [f64], p: f64, pinv: f64, half: f64) {
    use reduce_centre_portable as body;
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512dq")]
        unsafe fn wide(v: &mut [f64], p: f64, pinv: f64, half: f64) {
            body(v, p, pinv, half)
        }
        #[target_feature(enable = "avx2,fma")]
        unsafe fn avx2(v: &mut [f64], p: f64, pinv: f64, half: f64) {
            body(v, p, pinv, half)
        }
        if std::arch::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU supports the features `wide` was compiled for.
            return unsafe { wide(v, p, pinv, half) };
        }
        if std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("fma")
        {
            // SAFETY: as above.
            return unsafe { avx2(v, p, pinv, half) };
        }
    }
    body(v, p, pinv, half)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modular::prime::mul_mod;

    fn lcg(n: usize, seed: u64, p: u64) -> Vec<u64> {
        let mut s = seed;
        (0..n)
            .map(|_| {
                s = s
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (s >> 33) % p
            })
            .collect()
    }

    /// B·B⁻¹ = I mod p by plain u64 arithmetic (the oracle).
    fn is_inverse(b: &[u64], inv: &[f64], r: usize, p: u64) -> bool {
        let inv: Vec<u64> = inv
            .iter()
            .map(|&v| (v as i64).rem_euclid(p as i64) as u64)
            .collect();
        (0..r).all(|i| {
            (0..r).all(|j| {
                let s = (0..r).fold(0, |acc, t| {
                    (acc + mul_mod(b[i * r + t], inv[t * r + j], p)) % p
                });
                s == u64::from(i == j)
            })
        })
    }

    #[test]
    fn inverts_random_matrices_across_panels() {
        let p = 8_388_593;
        for (r, seed) in [
            (1, 1),
            (5, 2),
            (63, 3),
            (64, 4),
            (65, 5),
            (150, 6),
            (200, 7),
        ] {
            let b = lcg(r * r, seed, p);
            let inv = inverse_mod_p(&b, r, p).expect("random is invertible");
            assert!(is_inverse(&b, &inv, r, p), "r = {r}");
        }
    }

    #[test]
    fn pivots_when_leading_blocks_are_singular() {
        // Anti-diagonal-heavy matrices: every leading block singular, rows must move.
        let p = 1_000_003;
        for r in [2, 7, 64, 65, 130] {
            let mut b = vec![0u64; r * r];
            for i in 0..r {
                b[i * r + (r - 1 - i)] = (i as u64 + 2) % p;
                if i + 1 < r {
                    b[i * r + (r - 2 - i)] = 5;
                }
            }
            let inv = inverse_mod_p(&b, r, p).expect("triangular with nonzero diagonal");
            assert!(is_inverse(&b, &inv, r, p), "r = {r}");
        }
        // A zero top-left panel in a 3-panel matrix.
        let r = 150;
        let mut b = lcg(r * r, 9, p);
        for i in 0..64 {
            for j in 0..64 {
                b[i * r + j] = 0;
            }
        }
        let inv = inverse_mod_p(&b, r, p).expect("generic otherwise");
        assert!(is_inverse(&b, &inv, r, p));
    }

    #[test]
    fn centred_reduction_portable_and_dispatched_agree_with_integers() {
        let p = 8_388_593i64;
        let xs: Vec<i64> = (0..1000i64)
            .map(|i| (i * 4_503_599_627_370_449 / 1000) * if i % 2 == 0 { 1 } else { -1 })
            .collect();
        let want: Vec<f64> = xs
            .iter()
            .map(|&x| {
                let c = x.rem_euclid(p);
                (if c > (p - 1) / 2 { c - p } else { c }) as f64
            })
            .collect();
        let mut a: Vec<f64> = xs.iter().map(|&x| x as f64).collect();
        let mut b = a.clone();
        let pf = p as f64;
        reduce_centre_portable(&mut a, pf, 1.0 / pf, (pf - 1.0) / 2.0);
        reduce_centre(&mut b, GfpF64::new(p as u64));
        assert_eq!(a, want);
        assert_eq!(b, want);
    }

    #[test]
    fn refuses_singular_matrices() {
        let p = 101;
        let r = 70;
        let mut b = lcg(r * r, 11, p);
        for j in 0..r {
            b[69 * r + j] = (b[3 * r + j] * 2 + b[68 * r + j]) % p; // row 69 = 2·row 3 + row 68
        }
        assert!(inverse_mod_p(&b, r, p).is_none());
        assert!(inverse_mod_p(&[0; 9], 3, p).is_none());
    }
}
