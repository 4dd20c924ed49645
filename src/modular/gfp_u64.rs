//! Rank over GF(p) for any prime p < 2⁶³ on `u64` residues, row by row. The row update
//! `row −= f·pivot_row` multiplies a whole row by the same f, so it uses Shoup's
//! precomputed quotient (f' = ⌊f·2⁶⁴/p⌋): one high and two low multiplications per entry,
//! no division and no 128-bit remainder.

use super::dense::ModElimination;
use super::prime::{mul_mod, pow_mod};

/// `x·f mod p` for x, f < p < 2⁶³ given `fp = ⌊f·2⁶⁴/p⌋`.
#[inline(always)]
fn mul_shoup(x: u64, f: u64, fp: u64, p: u64) -> u64 {
    let q = ((x as u128 * fp as u128) >> 64) as u64;
    let r = x.wrapping_mul(f).wrapping_sub(q.wrapping_mul(p));
    // Branch-free r mod p for r < 2p: r − p wraps above r exactly when r < p.
    r.min(r.wrapping_sub(p))
}

/// Rank of the row-major `rows × cols` matrix of residues in [0, p) held in `a` (destroyed),
/// p prime below 2⁶³. Pivot columns are the column rank profile.
///
/// # Panics
/// If `a.len() != rows * cols` or `p >= 2^63`.
///
/// ```
/// use exrank::modular::gfp_u64::rank_u64;
/// let p = (1u64 << 61) - 1;
/// let mut a = vec![1, 2, 3, p - 1, p - 2, p - 3]; // row 2 = −row 1
/// assert_eq!(rank_u64(&mut a, 2, 3, p).rank, 1);
/// ```
pub fn rank_u64(a: &mut [u64], rows: usize, cols: usize, p: u64) -> ModElimination {
    assert_eq!(a.len(), rows * cols, "buffer length must be rows * cols");
    assert!((2..1 << 63).contains(&p), "p = {p} outside [2, 2^63)");
    let (m, n) = (rows, cols);
    let mut perm: Vec<usize> = (0..m).collect();
    let mut pivot_cols = Vec::new();
    let mut r = 0;
    for j in 0..n {
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
        let prow = &top[r * n + j + 1..r * n + n];
        for row in rest.chunks_exact_mut(n) {
            let x = row[j];
            if x == 0 {
                continue;
            }
            // row −= f·prow with f = x/pivot; add (p − f)·prow instead to stay unsigned.
            let f = p - mul_mod(x, inv, p);
            let fp = (((f as u128) << 64) / p as u128) as u64;
            row[j] = 0;
            for (d, &u) in row[j + 1..].iter_mut().zip(prow) {
                let s = *d + mul_shoup(u, f, fp, p);
                *d = s.min(s.wrapping_sub(p));
            }
        }
        pivot_cols.push(j);
        r += 1;
    }
    let mut pivot_rows = perm[..r].to_vec();
    pivot_rows.sort_unstable();
    ModElimination {
        p,
        rank: r,
        pivot_rows,
        pivot_cols,
    }
}
