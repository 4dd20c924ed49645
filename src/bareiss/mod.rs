//! Fraction-free (Bareiss) elimination over the integers: rank, determinant, column rank
//! profile, pivot rows, the exact value of the nonzero minor on the pivots, and a kernel
//! basis.
//!
//! Every intermediate entry is itself a minor of the input, so the divisions are exact and
//! entry sizes stay bounded by Hadamard's bound instead of doubling at each step.

use crate::ZMatrix;
use rug::{Integer, Rational};

/// What fraction-free elimination found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Elimination {
    /// The rank over Q.
    pub rank: usize,
    /// Pivot rows, 0-based, sorted ascending.
    pub pivot_rows: Vec<usize>,
    /// Pivot columns, 0-based, ascending: the column rank profile (the lexicographically
    /// first set of independent columns).
    pub pivot_cols: Vec<usize>,
    /// det A[pivot_rows, pivot_cols] (both sorted ascending); nonzero; 1 when rank is 0.
    pub minor: Integer,
}

/// Eliminates `a` fraction-free and reports rank, pivots and the pivot minor.
///
/// ```
/// // The seed's 4×4 example: 1..16 column by column has rank 2.
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let e = exrank::bareiss::eliminate(&a);
/// assert_eq!(e.rank, 2);
/// assert_eq!(e.pivot_cols, vec![0, 1]);
/// assert_eq!(e.minor, -4); // det [[1, 5], [2, 6]]
/// ```
pub fn eliminate(a: &ZMatrix) -> Elimination {
    let (m, n) = (a.rows(), a.cols());
    let mut w: Vec<Vec<Integer>> = (0..m).map(|i| a.row(i).to_vec()).collect();
    let mut order: Vec<usize> = (0..m).collect();
    let mut prev = Integer::from(1);
    let mut pivot_cols = Vec::new();
    let mut r = 0;
    let mut t = Integer::new();
    for j in 0..n {
        if r == m {
            break;
        }
        let Some(p) = (r..m).find(|&i| w[i][j] != 0) else {
            continue;
        };
        w.swap(r, p);
        order.swap(r, p);
        let (top, rest) = w.split_at_mut(r + 1);
        let pivot_row = &top[r];
        for row in rest.iter_mut() {
            let lead = row[j].clone();
            for k in j + 1..n {
                // row[k] = (pivot * row[k] - lead * pivot_row[k]) / prev, exact.
                row[k] *= &pivot_row[j];
                t.assign(&lead * &pivot_row[k]);
                row[k] -= &t;
                row[k].div_exact_mut(&prev);
            }
            row[j] = Integer::new();
        }
        prev = w[r][j].clone();
        pivot_cols.push(j);
        r += 1;
    }
    let mut pivot_rows: Vec<usize> = order[..r].to_vec();
    // The last pivot is det A[order[..r], pivot_cols]; sorting the rows multiplies it by
    // the sign of the sorting permutation.
    let sign = permutation_sign(&pivot_rows);
    pivot_rows.sort_unstable();
    let minor = if sign { prev } else { -prev };
    Elimination {
        rank: r,
        pivot_rows,
        pivot_cols,
        minor,
    }
}

use rug::Assign;

/// True when sorting `v` (distinct values) takes an even number of transpositions.
fn permutation_sign(v: &[usize]) -> bool {
    let mut inversions = 0usize;
    for i in 0..v.len() {
        for j in i + 1..v.len() {
            if v[i] > v[j] {
                inversions += 1;
            }
        }
    }
    inversions % 2 == 0
}

/// The rank of `a` over Q.
///
/// ```
/// assert_eq!(exrank::bareiss::rank(&exrank::ZMatrix::identity(3)), 3);
/// ```
pub fn rank(a: &ZMatrix) -> usize {
    eliminate(a).rank
}

/// The determinant of a square matrix (1 for 0×0).
///
/// # Panics
/// If `a` is not square.
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![2, 1], vec![7, 4]]).unwrap();
/// assert_eq!(exrank::bareiss::det(&a), 1);
/// ```
pub fn det(a: &ZMatrix) -> Integer {
    assert_eq!(a.rows(), a.cols(), "determinant of a non-square matrix");
    let e = eliminate(a);
    if e.rank < a.rows() {
        Integer::new()
    } else {
        e.minor
    }
}

/// A basis of the right kernel {x : A x = 0} as the columns of an n × (n − r) integer
/// matrix. Column t is the primitive integer multiple of the reduced-echelon solution that
/// has 1 in the t-th free (non-pivot) column and 0 in the other free columns, so the
/// columns are visibly independent (a scaled identity block on the free columns).
///
/// ```
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let k = exrank::bareiss::kernel_basis(&a);
/// assert_eq!(k.cols(), 2);
/// assert!(a.mul(&k).is_zero());
/// ```
pub fn kernel_basis(a: &ZMatrix) -> ZMatrix {
    let n = a.cols();
    let e = eliminate(a);
    let r = e.rank;
    let free: Vec<usize> = (0..n).filter(|c| !e.pivot_cols.contains(c)).collect();
    // Solve A[I, J] x = -A[I, f] over Q for each free column f (Gauss–Jordan on the
    // r × r nonsingular pivot block, augmented with all free columns at once).
    let mut aug: Vec<Vec<Rational>> = e
        .pivot_rows
        .iter()
        .map(|&i| {
            e.pivot_cols
                .iter()
                .chain(free.iter())
                .map(|&c| Rational::from(&a[(i, c)]))
                .collect()
        })
        .collect();
    for k in 0..r {
        let p = (k..r)
            .find(|&i| aug[i][k] != 0)
            .expect("pivot block is nonsingular");
        aug.swap(k, p);
        let inv = Rational::from(1) / aug[k][k].clone();
        for x in aug[k].iter_mut() {
            *x *= &inv;
        }
        let pivot_row = aug[k].clone();
        for (i, row) in aug.iter_mut().enumerate() {
            if i != k && row[k] != 0 {
                let f = row[k].clone();
                for (x, p) in row.iter_mut().zip(&pivot_row) {
                    *x -= Rational::from(&f * p);
                }
            }
        }
    }
    let mut k = ZMatrix::zeros(n, free.len());
    for (t, &f) in free.iter().enumerate() {
        // x_J = -aug[.][r + t], x_f = 1; scale by the lcm of denominators.
        let mut lcm = Integer::from(1);
        for row in &aug {
            lcm.lcm_mut(row[r + t].denom());
        }
        for (row, &c) in aug.iter().zip(&e.pivot_cols) {
            let q = Rational::from(&row[r + t] * &lcm);
            k[(c, t)] = -Integer::from(q.numer());
        }
        k[(f, t)] = lcm;
    }
    k
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_shapes_have_rank_zero() {
        for (m, n) in [(0, 0), (0, 3), (3, 0)] {
            let e = eliminate(&ZMatrix::zeros(m, n));
            assert_eq!(e.rank, 0);
            assert_eq!(e.minor, 1);
        }
        assert_eq!(det(&ZMatrix::zeros(0, 0)), 1);
    }

    #[test]
    fn minor_sign_follows_sorted_rows() {
        // Row 0 is zero in column 0, so the pivot search swaps rows: det [[0,1],[1,0]] = -1.
        let a = ZMatrix::from_i64_rows(&[vec![0, 1], vec![1, 0]]).unwrap();
        assert_eq!(det(&a), -1);
        let a = ZMatrix::from_i64_rows(&[vec![0, 0, 1], vec![0, 1, 0], vec![1, 0, 0]]).unwrap();
        assert_eq!(det(&a), -1);
    }
}
