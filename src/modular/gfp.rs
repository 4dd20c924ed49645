//! Rank over GF(p) by plain Gaussian elimination (u64 entries, u128 products, one
//! reduction per operation). Slow and obviously right: kept as the oracle the fast kernels
//! ([`super::gfp_f64`], [`super::gfp_u64`]) are tested against.

use super::prime::{mul_mod, pow_mod};
use crate::ZMatrix;
use rug::Integer;

pub use super::dense::ModElimination;

/// Reduces every entry of `a` into `[0, p)`.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![-1, 7]]).unwrap();
/// assert_eq!(exrank::modular::gfp::reduce(&a, 5), vec![4, 2]);
/// ```
pub fn reduce(a: &ZMatrix, p: u64) -> Vec<u64> {
    let pz = Integer::from(p);
    a.as_slice()
        .iter()
        .map(|x| {
            let mut r = Integer::from(x % &pz);
            if r < 0 {
                r += &pz;
            }
            r.to_u64().expect("residue fits")
        })
        .collect()
}

/// Rank of `a` modulo the prime `p` (which the caller has checked is prime): the
/// reference oracle. Use [`crate::modular::rank_mod_p`] for speed.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![2, 0], vec![0, 1]]).unwrap();
/// assert_eq!(exrank::modular::gfp::rank_mod_p(&a, 2).rank, 1);
/// assert_eq!(exrank::modular::gfp::rank_mod_p(&a, 3).rank, 2);
/// ```
pub fn rank_mod_p(a: &ZMatrix, p: u64) -> ModElimination {
    let (m, n) = (a.rows(), a.cols());
    let flat = reduce(a, p);
    let mut w: Vec<Vec<u64>> = (0..m).map(|i| flat[i * n..(i + 1) * n].to_vec()).collect();
    let mut order: Vec<usize> = (0..m).collect();
    let mut pivot_cols = Vec::new();
    let mut r = 0;
    for j in 0..n {
        if r == m {
            break;
        }
        let Some(q) = (r..m).find(|&i| w[i][j] != 0) else {
            continue;
        };
        w.swap(r, q);
        order.swap(r, q);
        let inv = pow_mod(w[r][j], p - 2, p);
        let (top, rest) = w.split_at_mut(r + 1);
        let prow = &top[r];
        for row in rest.iter_mut() {
            if row[j] == 0 {
                continue;
            }
            let f = mul_mod(row[j], inv, p);
            for k in j..n {
                let s = mul_mod(f, prow[k], p);
                row[k] = if row[k] >= s {
                    row[k] - s
                } else {
                    row[k] + p - s
                };
            }
        }
        pivot_cols.push(j);
        r += 1;
    }
    let mut pivot_rows = order[..r].to_vec();
    pivot_rows.sort_unstable();
    ModElimination {
        p,
        rank: r,
        pivot_rows,
        pivot_cols,
    }
}
