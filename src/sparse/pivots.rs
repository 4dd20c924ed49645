//! Structural pivots: a set of (row, column) pairs chosen from the nonzero pattern alone,
//! before any arithmetic, such that the submatrix they span is triangular up to
//! permutation, so eliminating with them creates no fill-in among themselves.
//!
//! Two passes, as in Faugère–Lachartre and SpaSM:
//! 1. *Leading-column pivots*: each row's leading (smallest) column; for every column that
//!    leads some row, the shortest such row is a pivot. Ordered by decreasing leading
//!    column, each pivot row has no entry in any later pivot's column.
//! 2. *Greedy pivots* (Markowitz-flavoured): the remaining rows, shortest first, each take
//!    the column of smallest count among their columns that no chosen pivot row touches.
//!    A pivot added last whose column no earlier pivot row touches keeps the triangle.
//!
//! Invariant of the returned list `(r_k, c_k)`: row `r_k` has a nonzero in `c_k` and no
//! entry in `c_l` for any `l > k`. The eliminator relies on it (it eliminates pivots in
//! decreasing order) and [`check_triangular`] asserts it in tests.

use super::matrix::SparseModMatrix;

/// Chooses structural pivots of `m` from its pattern. See the module documentation for
/// the order invariant.
///
/// ```
/// use exrank::io::{Parsed, Entries, Scalar};
/// use exrank::sparse::{SparseModMatrix, pivots};
/// // [1 1 0; 0 1 1; 1 0 1]
/// let e = [(0,0),(0,1),(1,1),(1,2),(2,0),(2,2)].iter().map(|&(i,j)| (i, j, Scalar::Int(1))).collect();
/// let m = SparseModMatrix::from_parsed(&Parsed { rows: 3, cols: 3, entries: Entries::Coordinate(e) }, 7).unwrap();
/// let piv = pivots::structural_pivots(&m);
/// assert!(piv.len() >= 2);
/// assert!(pivots::check_triangular(&m, &piv));
/// ```
pub fn structural_pivots(m: &SparseModMatrix) -> Vec<(usize, u32)> {
    let (rows, cols) = (m.rows, m.cols);
    let mut col_count = vec![0u32; cols];
    for &c in &m.col_idx {
        col_count[c as usize] += 1;
    }
    let row_len = |i: usize| m.row_ptr[i + 1] - m.row_ptr[i];

    // Pass 1: leading-column pivots, the shortest row per leading column.
    const NONE: usize = usize::MAX;
    let mut lead_row = vec![NONE; cols];
    for i in 0..rows {
        let (c, _) = m.row(i);
        if let Some(&lead) = c.iter().min() {
            let slot = &mut lead_row[lead as usize];
            if *slot == NONE || row_len(i) < row_len(*slot) {
                *slot = i;
            }
        }
    }
    let mut pivots: Vec<(usize, u32)> = Vec::new();
    let mut is_pivot_row = vec![false; rows];
    let mut touched = vec![false; cols];
    for c in (0..cols).rev() {
        let i = lead_row[c];
        if i != NONE {
            pivots.push((i, c as u32));
            is_pivot_row[i] = true;
            for &j in m.row(i).0 {
                touched[j as usize] = true;
            }
        }
    }

    // Pass 2: greedy, shortest rows first, least-populated free column.
    let mut order: Vec<usize> = (0..rows)
        .filter(|&i| !is_pivot_row[i] && row_len(i) > 0)
        .collect();
    order.sort_by_key(|&i| row_len(i));
    for i in order {
        let (c, _) = m.row(i);
        let best = c
            .iter()
            .filter(|&&j| !touched[j as usize])
            .min_by_key(|&&j| col_count[j as usize]);
        if let Some(&j) = best {
            pivots.push((i, j));
            for &k in c {
                touched[k as usize] = true;
            }
        }
    }
    pivots
}

/// True when every pivot is a nonzero entry and row `r_k` has no entry in any later
/// pivot column `c_l` (l > k) — the property that makes pivoting fill-free.
///
/// ```
/// use exrank::io::{Parsed, Entries, Scalar};
/// use exrank::sparse::{SparseModMatrix, pivots};
/// let e = vec![(0, 0, Scalar::Int(1)), (0, 1, Scalar::Int(1)), (1, 1, Scalar::Int(1))];
/// let m = SparseModMatrix::from_parsed(&Parsed { rows: 2, cols: 2, entries: Entries::Coordinate(e) }, 7).unwrap();
/// assert!(pivots::check_triangular(&m, &[(1, 1), (0, 0)]));
/// assert!(!pivots::check_triangular(&m, &[(0, 0), (1, 1)]));
/// ```
pub fn check_triangular(m: &SparseModMatrix, pivots: &[(usize, u32)]) -> bool {
    let mut index_of_col = std::collections::HashMap::new();
    for (k, &(_, c)) in pivots.iter().enumerate() {
        if index_of_col.insert(c, k).is_some() {
            return false;
        }
    }
    pivots.iter().enumerate().all(|(k, &(r, c))| {
        m.get(r, c as usize) != 0
            && m.row(r)
                .0
                .iter()
                .all(|j| index_of_col.get(j).is_none_or(|&l| l <= k))
    })
}
