//! Determinant modulo a prime p < 2²⁶ in `f64`, blocked so that most of the work is one
//! matrix product per block of columns (the FFLAS-FFPACK scheme of [`super::gfp_f64`],
//! which returns ranks and pivots but no determinant).
//!
//! Right-looking LU with row pivoting: factor a panel of `w` columns row by row (each
//! product reduced at once), solve the panel's rows of U to its right, then subtract
//! `L21 · U12` from the trailing block with faer's GEMM on centred residues and reduce
//! once. `w` is at most [`GfpF64::chunk`], so every sum of the product is an exact integer
//! in f64 (for p < 2²³, w = 128; near 2²⁶ the panel shrinks to a few columns, slow but
//! exact). det = (−1)^(row swaps) · ∏ pivots.

use super::gfp_f64::{axpy_reduce, reduce_slice, GfpF64};
use super::prime::{mul_mod, pow_mod};
use faer::{Accum, MatMut, MatRef, Par};

/// Widest panel: wide enough for GEMM to run near peak, narrow enough that the
/// row-by-row panel work (n²·w/2 in all) stays small against n³/3.
const PANEL: usize = 128;

/// det of the row-major `n × n` matrix of residues in [0, p) held in `a` (destroyed),
/// modulo the prime `p < 2²⁶`; 1 for n = 0. `par` spreads the matrix products over
/// threads (`Par::Seq` when the caller already runs one determinant per thread).
///
/// # Panics
/// If `a.len() != n * n`, p is outside [2, 2²⁶), or an entry is not below p.
///
/// ```
/// use exrank::modular::det_mod_p::det_mod_p;
/// // det [[2, 1], [7, 4]] = 1; det [[0, 1], [1, 0]] = −1 ≡ 4 (mod 5).
/// assert_eq!(det_mod_p(&mut [2.0, 1.0, 7.0, 4.0], 2, 11, faer::Par::Seq), 1);
/// assert_eq!(det_mod_p(&mut [0.0, 1.0, 1.0, 0.0], 2, 5, faer::Par::Seq), 4);
/// ```
pub fn det_mod_p(a: &mut [f64], n: usize, p: u64, par: Par) -> u64 {
    assert_eq!(a.len(), n * n, "buffer length must be n * n");
    let f = GfpF64::new(p);
    assert!(
        a.iter()
            .all(|&x| x >= 0.0 && x < p as f64 && x.fract() == 0.0),
        "entries must be residues in [0, p)"
    );
    let w = f.chunk().clamp(1, PANEL);
    let mut det = 1 % p;
    let mut k0 = 0;
    while k0 < n {
        let k1 = (k0 + w).min(n);
        match factor_panel(a, n, k0, k1, f, p) {
            Some(d) => det = mul_mod(det, d, p),
            None => return 0,
        }
        if k1 < n {
            solve_panel_rows(a, n, k0, k1, f);
            update_trailing(a, n, k0, k1, f, p, par);
        }
        k0 = k1;
    }
    det
}

/// LU of columns [k0, k1) of rows [k0, n) with row swaps (columns from k0 on); returns
/// the signed product of the pivots, or `None` when a column has no pivot (det = 0).
fn factor_panel(a: &mut [f64], n: usize, k0: usize, k1: usize, f: GfpF64, p: u64) -> Option<u64> {
    let mut det = 1 % p;
    for j in k0..k1 {
        let q = (j..n).find(|&i| a[i * n + j] != 0.0)?;
        if q != j {
            let (top, bot) = a.split_at_mut(q * n);
            top[j * n + k0..j * n + n].swap_with_slice(&mut bot[k0..n]);
            det = (p - det) % p;
        }
        let piv = a[j * n + j] as u64;
        det = mul_mod(det, piv, p);
        let inv = pow_mod(piv, p - 2, p) as f64;
        let (top, rest) = a.split_at_mut((j + 1) * n);
        let prow = &top[j * n + j + 1..j * n + k1];
        for row in rest.chunks_exact_mut(n) {
            let x = row[j];
            if x == 0.0 {
                continue;
            }
            let mult = f.reduce(x * inv);
            row[j] = mult; // L, kept below the pivot for the updates to the right
            axpy_reduce(&mut row[j + 1..k1], mult, prow, f);
        }
    }
    Some(det)
}

/// Rows [k0, k1) of columns [k1, n) become U12 = L11⁻¹·A12 (L11 unit lower triangular,
/// stored in the panel), by forward substitution: row t is final before it is used.
fn solve_panel_rows(a: &mut [f64], n: usize, k0: usize, k1: usize, f: GfpF64) {
    for t in k0..k1 {
        let (top, bot) = a.split_at_mut((t + 1) * n);
        let src = &top[t * n + k1..t * n + n];
        for row in bot[..(k1 - t - 1) * n].chunks_exact_mut(n) {
            let l = row[t];
            if l != 0.0 {
                axpy_reduce(&mut row[k1..n], l, src, f);
            }
        }
    }
}

/// A22 −= L21·U12 for rows and columns [k1, n), inner dimension k1 − k0 ≤ chunk, on
/// centred copies (|x| ≤ (p−1)/2), then one reduction of A22.
fn update_trailing(a: &mut [f64], n: usize, k0: usize, k1: usize, f: GfpF64, p: u64, par: Par) {
    let (k, rest) = (k1 - k0, n - k1);
    let half = ((p - 1) / 2) as f64;
    let centre = |x: f64| if x > half { x - p as f64 } else { x };
    let mut l21 = Vec::with_capacity(rest * k);
    for i in k1..n {
        l21.extend(a[i * n + k0..i * n + k1].iter().map(|&x| centre(x)));
    }
    let mut u12 = Vec::with_capacity(k * rest);
    for t in k0..k1 {
        u12.extend(a[t * n + k1..t * n + n].iter().map(|&x| centre(x)));
    }
    let dst = &mut a[k1 * n + k1..];
    {
        // Row-major strided view of A22, built as the transpose of a column-major one.
        let dv =
            MatMut::from_column_major_slice_with_stride_mut(dst, rest, rest, n).transpose_mut();
        let lv = MatRef::from_row_major_slice(&l21, rest, k);
        let uv = MatRef::from_row_major_slice(&u12, k, rest);
        faer::linalg::matmul::matmul(dv, Accum::Add, lv, uv, -1.0, par);
    }
    for i in 0..rest {
        reduce_slice(&mut dst[i * n..i * n + rest], f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Plain Gaussian elimination with u128 products: the oracle.
    fn det_naive(mut m: Vec<u64>, n: usize, p: u64) -> u64 {
        let mul = |a: u64, b: u64| ((a as u128 * b as u128) % p as u128) as u64;
        let mut det = 1 % p;
        for j in 0..n {
            let Some(q) = (j..n).find(|&i| m[i * n + j] != 0) else {
                return 0;
            };
            if q != j {
                for c in 0..n {
                    m.swap(j * n + c, q * n + c);
                }
                det = (p - det) % p;
            }
            det = mul(det, m[j * n + j]);
            let inv = pow_mod(m[j * n + j], p - 2, p);
            for i in j + 1..n {
                let fac = mul(m[i * n + j], inv);
                for c in j..n {
                    let s = mul(fac, m[j * n + c]);
                    m[i * n + c] = (m[i * n + c] + p - s) % p;
                }
            }
        }
        det
    }

    #[test]
    fn blocked_det_agrees_with_plain_elimination() {
        let mut seed = 11u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        // Sizes across the panel width, small and large primes (panel 4 near 2^26),
        // and singular matrices (a repeated row) whose determinant must be 0.
        for p in [2, 3, 101, 8_388_593, (1 << 26) - 5] {
            for n in [0, 1, 5, 127, 128, 129, 300] {
                if p > 1 << 24 && n > 129 {
                    continue; // 4-column panels: correct but slow in a debug build
                }
                let m: Vec<u64> = (0..n * n).map(|_| next() % p).collect();
                let mut d: Vec<f64> = m.iter().map(|&x| x as f64).collect();
                assert_eq!(
                    det_mod_p(&mut d, n, p, Par::Seq),
                    det_naive(m.clone(), n, p),
                    "p = {p}, n = {n}"
                );
                if n >= 2 {
                    let mut s = m.clone();
                    s.copy_within(0..n, (n - 1) * n);
                    let mut d: Vec<f64> = s.iter().map(|&x| x as f64).collect();
                    assert_eq!(det_mod_p(&mut d, n, p, Par::Seq), 0, "p = {p}, n = {n}");
                }
            }
        }
    }
}
