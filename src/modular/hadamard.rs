//! Hadamard's bound on k×k minors, in exact integer arithmetic: |det M| ≤ ∏ ‖row‖ over
//! M's rows, and a row of a minor is a sub-row of A, so every k×k minor of A is bounded by
//! the product of the k largest row norms of A — and likewise by columns; the smaller of
//! the two is used. Everything is kept squared (∏ ‖row‖² is an integer), so no rounding can
//! make the bound too small.

use super::small_entries::SmallEntries;
use crate::ZMatrix;
use rayon::prelude::*;
use rug::Integer;

/// An exact sum of squares: word-size squares gather in a u128 (flushed into the big sum
/// before it can overflow), larger ones go to GMP directly.
#[derive(Clone, Default)]
struct SquareSum {
    small: u128,
    big: Integer,
}

impl SquareSum {
    /// Adds v² for |v| < 2⁵¹ (so v² < 2¹⁰²).
    #[inline]
    fn add_word(&mut self, v: i64) {
        self.small += (i128::from(v) * i128::from(v)) as u128;
        if self.small >= 1 << 120 {
            self.big += self.small;
            self.small = 0;
        }
    }

    fn add(&mut self, x: &Integer) {
        match x.to_i64() {
            Some(v) if v.unsigned_abs() < 1 << 51 => self.add_word(v),
            _ => self.big += Integer::from(x.square_ref()),
        }
    }

    fn total(self) -> Integer {
        self.big + self.small
    }
}

/// An entry whose square a [`SquareSum`] takes.
trait Squared {
    fn add_square_to(self, sum: &mut SquareSum);
}

impl Squared for &Integer {
    fn add_square_to(self, sum: &mut SquareSum) {
        sum.add(self);
    }
}

impl Squared for f64 {
    /// An integer below 2⁵¹, as [`SmallEntries`] holds them (exact as i64).
    fn add_square_to(self, sum: &mut SquareSum) {
        sum.add_word(self as i64);
    }
}

/// The squared Euclidean norms of a matrix's rows and columns, exact and sorted largest
/// first: every bound here is a product of the largest few, so they are computed and
/// sorted once per matrix.
pub struct Norms {
    rows: Vec<Integer>,
    cols: Vec<Integer>,
}

impl Norms {
    /// The norms of `a`.
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![1, 0]]).unwrap();
    /// assert_eq!(exrank::modular::hadamard::Norms::of(&a).minor_bound_sq(2), 25);
    /// ```
    pub fn of(a: &ZMatrix) -> Self {
        Norms::of_rows(a.rows(), a.cols(), |i| a.row(i).iter())
    }

    /// The norms of the matrix `e` holds, from its doubles when its entries are small (no
    /// GMP form is made).
    ///
    /// ```
    /// use exrank::modular::{hadamard::Norms, SmallEntries};
    /// let e = SmallEntries::from_integers(2, 2, vec![3, 4, 1, 0]).unwrap();
    /// assert_eq!(Norms::of_entries(&e).minor_bound_sq(1), 16);
    /// ```
    pub fn of_entries(e: &SmallEntries) -> Self {
        match e.values() {
            Some(v) => {
                let n = e.cols();
                Norms::of_rows(e.rows(), n, |i| v[i * n..(i + 1) * n].iter().copied())
            }
            None => Norms::of(e.matrix()),
        }
    }

    /// From the `rows` rows of `cols` entries that `row(i)` yields: rows in parallel,
    /// columns in one pass down the rows.
    fn of_rows<X: Squared, R: Iterator<Item = X>>(
        rows: usize,
        cols: usize,
        row: impl Fn(usize) -> R + Sync,
    ) -> Self {
        let row_norms = (0..rows)
            .into_par_iter()
            .with_min_len(64)
            .map(|i| {
                let mut sum = SquareSum::default();
                row(i).for_each(|x| x.add_square_to(&mut sum));
                sum.total()
            })
            .collect();
        let mut col_sums = vec![SquareSum::default(); cols];
        for i in 0..rows {
            for (sum, x) in col_sums.iter_mut().zip(row(i)) {
                x.add_square_to(sum);
            }
        }
        let largest_first = |mut v: Vec<Integer>| {
            v.sort_unstable_by(|a, b| b.cmp(a));
            v
        };
        Norms {
            rows: largest_first(row_norms),
            cols: largest_first(col_sums.into_iter().map(SquareSum::total).collect()),
        }
    }

    /// B² where B bounds |det M| for every k×k minor M: see [`minor_bound_sq`].
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![1, 0]]).unwrap();
    /// assert_eq!(exrank::modular::hadamard::Norms::of(&a).minor_bound_sq(3), 0);
    /// ```
    pub fn minor_bound_sq(&self, k: usize) -> Integer {
        if k == 0 {
            return Integer::from(1);
        }
        if k > self.rows.len().min(self.cols.len()) {
            return Integer::new();
        }
        product_of_largest(&self.rows, k).min(product_of_largest(&self.cols, k))
    }

    /// B² for the largest minors that can be nonzero: see [`max_minor_bound_sq`].
    ///
    /// ```
    /// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![0, 0]]).unwrap();
    /// assert_eq!(exrank::modular::hadamard::Norms::of(&a).max_minor_bound_sq(), 16);
    /// ```
    pub fn max_minor_bound_sq(&self) -> Integer {
        let nonzero = |v: &[Integer]| v.iter().take_while(|x| **x != 0).count();
        let k = nonzero(&self.rows).min(nonzero(&self.cols));
        if k == 0 {
            return Integer::from(1);
        }
        product_of_largest(&self.rows, k).min(product_of_largest(&self.cols, k))
    }
}

/// Product of the k largest of the values `v` (sorted largest first): 0 when fewer than k
/// are nonzero, as a zero is then among them.
fn product_of_largest(v: &[Integer], k: usize) -> Integer {
    v[..k].iter().product()
}

/// B² where B bounds |det M| for every k×k minor M of `a`: the smaller of the products of
/// the k largest squared row norms and of the k largest squared column norms. 0 when `a`
/// has no nonzero k×k minor for the trivial reason that fewer than k rows (or columns) are
/// nonzero, or when k exceeds the shape; 1 for k = 0 (the empty minor is 1).
///
/// ```
/// use exrank::modular::hadamard::minor_bound_sq;
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![1, 0]]).unwrap();
/// assert_eq!(minor_bound_sq(&a, 1), 16);    // largest entry² (column norms 10, 16)
/// assert_eq!(minor_bound_sq(&a, 2), 25);    // rows: 25·1; columns: 10·16
/// assert_eq!(minor_bound_sq(&a, 3), 0);
/// ```
pub fn minor_bound_sq(a: &ZMatrix, k: usize) -> Integer {
    Norms::of(a).minor_bound_sq(k)
}

/// B² for the largest minors that can be nonzero: k = the number of nonzero rows or
/// columns, whichever is fewer. Every nonzero minor of `a` of any size is at most B in
/// absolute value (the product is over norms ≥ 1, so it grows with k).
///
/// ```
/// use exrank::modular::hadamard::max_minor_bound_sq;
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![3, 4], vec![0, 0]]).unwrap();
/// assert_eq!(max_minor_bound_sq(&a), 16); // only 1×1 minors can be nonzero: |4|² = 16
/// ```
pub fn max_minor_bound_sq(a: &ZMatrix) -> Integer {
    Norms::of(a).max_minor_bound_sq()
}
