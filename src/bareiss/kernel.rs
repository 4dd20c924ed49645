//! A kernel basis by fraction-free Gauss–Jordan elimination: no rationals, no gcds until
//! the very end, every intermediate an exact minor of the pivot block.

use super::eliminate::{update_rows, Threads};
use crate::ZMatrix;
use rug::Integer;

/// A basis of the right kernel {x : A x = 0} as the columns of an n × (n − r) integer
/// matrix. Column t is the primitive integer multiple of the reduced-echelon solution that
/// has 1 in the t-th free (non-pivot) column and 0 in the other free columns, so the
/// columns are visibly independent (a scaled identity block on the free columns, with a
/// positive entry there).
///
/// Why fraction-free: with d = det A[I, J] on the pivot block, d·A[I, J]⁻¹ is an integer
/// matrix whose entries are r×r minors, so Gauss–Jordan in Bareiss form yields
/// x_J = −d·A[I, J]⁻¹·A[I, f], x_f = d with exact divisions only.
///
/// ```
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let k = exrank::bareiss::kernel_basis(&a);
/// assert_eq!(k.cols(), 2);
/// assert!(a.mul(&k).is_zero());
/// ```
pub fn kernel_basis(a: &ZMatrix) -> ZMatrix {
    let n = a.cols();
    let e = super::eliminate(a);
    let r = e.rank;
    let free: Vec<usize> = (0..n)
        .filter(|c| e.pivot_cols.binary_search(c).is_err())
        .collect();
    if free.is_empty() {
        return ZMatrix::zeros(n, 0);
    }
    // [A[I, J] | A[I, F]], r × n, row-major.
    let mut w: Vec<Integer> = Vec::with_capacity(r * n);
    for &i in &e.pivot_rows {
        w.extend(e.pivot_cols.iter().chain(&free).map(|&c| a[(i, c)].clone()));
    }
    let mut prev = Integer::from(1);
    for k in 0..r {
        let p = (k..r)
            .find(|&i| w[i * n + k] != 0)
            .expect("the pivot block is nonsingular");
        if p != k {
            let (lo, hi) = w.split_at_mut(p * n);
            lo[k * n..(k + 1) * n].swap_with_slice(&mut hi[..n]);
        }
        let (above, rest) = w.split_at_mut(k * n);
        let (pivot_row, below) = rest.split_at_mut(n);
        // Rows above hold only their own diagonal left of column k, which the update
        // leaves alone; the common final diagonal is the last pivot.
        update_rows(above, pivot_row, k, &prev, Threads::Auto);
        update_rows(below, pivot_row, k, &prev, Threads::Auto);
        prev = pivot_row[k].clone();
    }
    let d = prev;
    let mut basis = ZMatrix::zeros(n, free.len());
    for (t, &f) in free.iter().enumerate() {
        let mut g = d.clone().abs();
        for i in 0..r {
            g.gcd_mut(&w[i * n + r + t]);
        }
        // Primitive, with a positive entry on its free column.
        if d < 0 {
            g = -g;
        }
        for (i, &c) in e.pivot_cols.iter().enumerate() {
            basis[(c, t)] = -Integer::from(w[i * n + r + t].div_exact_ref(&g));
        }
        basis[(f, t)] = Integer::from(d.div_exact_ref(&g));
    }
    basis
}
