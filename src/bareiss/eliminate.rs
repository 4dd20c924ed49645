//! The big-integer Bareiss kernel: one flat row-major buffer of GMP integers updated in
//! place with fused GMP operations, the rows of each step shared between threads when the
//! step is big enough to pay for it.
//!
//! Step k with pivot p = w[r][j] and previous pivot d replaces every entry below and to
//! the right of the pivot by (p·x − lead·y) / d, where lead is the row's entry in column j
//! and y the pivot row's entry. The quotient is exact (Sylvester's identity: the result is
//! a (k+1)×(k+1) minor of the input), so entry sizes grow linearly, never exponentially.

use super::Elimination;
use crate::ZMatrix;
use rayon::prelude::*;
use rug::ops::NegAssign;
use rug::{Assign, Integer};

/// Below this many limb-operations per step the rows are updated on one thread: forking
/// costs a few microseconds, while one limb-update is a few nanoseconds.
const PARALLEL_MIN_WORK: usize = 1 << 15;

/// When to split a step's row updates across rayon's threads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Threads {
    /// Split when the step is big enough (the default).
    Auto,
    /// Always on the calling thread (for measuring the single-thread kernel).
    Single,
}

/// The state of an elimination between two steps (or part-way through one): what the
/// word-size path hands over when it overflows, and what the big kernel resumes from.
pub(super) struct Work {
    pub m: usize,
    pub n: usize,
    /// Row-major m×n entries.
    pub w: Vec<Integer>,
    /// order[i] = the input row now stored in row i.
    pub order: Vec<usize>,
    pub pivot_cols: Vec<usize>,
    /// The previous pivot (1 before the first step).
    pub prev: Integer,
}

impl Work {
    /// The untouched start state for `a`.
    pub fn new(a: &ZMatrix) -> Work {
        Work {
            m: a.rows(),
            n: a.cols(),
            w: a.as_slice().to_vec(),
            order: (0..a.rows()).collect(),
            pivot_cols: Vec::new(),
            prev: Integer::from(1),
        }
    }

    /// Finishes a step interrupted at row `from`: rows r+1..from already hold the new
    /// values for pivot column `j`, rows from.. still hold the old ones. `prev` is the
    /// pivot before this step; `r` the pivot row (the step's pivot is w[r][j]).
    pub fn finish_step(&mut self, r: usize, j: usize, from: usize, threads: Threads) {
        let n = self.n;
        let (top, rest) = self.w.split_at_mut(from * n);
        let pivot_row = &top[r * n..(r + 1) * n];
        update_rows(rest, pivot_row, j, &self.prev, threads);
        self.prev = pivot_row[j].clone();
        self.pivot_cols.push(j);
    }

    /// Runs the remaining steps from column `start` on and reports the result.
    pub fn run(mut self, start: usize, threads: Threads) -> Elimination {
        let (m, n) = (self.m, self.n);
        let mut r = self.pivot_cols.len();
        for j in start..n {
            if r == m {
                break;
            }
            let Some(p) = (r..m).find(|&i| self.w[i * n + j] != 0) else {
                continue;
            };
            if p != r {
                let (a, b) = self.w.split_at_mut(p * n);
                a[r * n..(r + 1) * n].swap_with_slice(&mut b[..n]);
                self.order.swap(r, p);
            }
            self.finish_step(r, j, r + 1, threads);
            r += 1;
        }
        super::finish(self.order, self.pivot_cols, self.prev)
    }
}

/// One Bareiss step on the rows of `rest` (each `pivot_row.len()` long) with pivot
/// column `j`: x ← (p·x − lead·y) / prev for the columns right of `j`, and the column
/// `j` entry cleared.
pub(super) fn update_rows(
    rest: &mut [Integer],
    pivot_row: &[Integer],
    j: usize,
    prev: &Integer,
    threads: Threads,
) {
    let n = pivot_row.len();
    if rest.is_empty() {
        return;
    }
    let rows = rest.len() / n;
    let limbs = (pivot_row[j].significant_bits() as usize / 64 + 1)
        * (prev.significant_bits() as usize / 64 + 1);
    let work = rows * (n - j) * limbs;
    let update = |row: &mut [Integer]| update_row(row, pivot_row, j, prev);
    if threads == Threads::Auto && rows > 1 && work >= PARALLEL_MIN_WORK {
        rest.par_chunks_mut(n).for_each(update);
    } else {
        rest.chunks_mut(n).for_each(update);
    }
}

/// The update of one row. No temporaries: `*=` is mpz_mul, `-= a * b` is mpz_submul and
/// `div_exact_mut` is mpz_divexact, all in place. The row's lead is moved out (leaving the
/// zero the elimination puts there) instead of cloned.
#[inline]
fn update_row(row: &mut [Integer], pivot_row: &[Integer], j: usize, prev: &Integer) {
    let p = &pivot_row[j];
    let lead = std::mem::take(&mut row[j]);
    let divide = *prev != 1;
    if lead == 0 {
        // x ← p·x / prev; zeros stay zero.
        for x in row[j + 1..].iter_mut() {
            if *x != 0 {
                *x *= p;
                if divide {
                    x.div_exact_mut(prev);
                }
            }
        }
        return;
    }
    for (x, y) in row[j + 1..].iter_mut().zip(&pivot_row[j + 1..]) {
        if *x == 0 {
            if *y == 0 {
                continue;
            }
            // x ← −lead·y in x's own allocation.
            x.assign(&lead * y);
            x.neg_assign();
        } else {
            *x *= p;
            if *y != 0 {
                *x -= &lead * y;
            }
        }
        if divide {
            x.div_exact_mut(prev);
        }
    }
}

/// Bareiss entirely over GMP integers, never the word-size path: the reference the fast
/// path is checked against, and the kernel for entries too big for machine words.
///
/// ```
/// use exrank::bareiss::{eliminate_big, Threads};
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![0, 2], vec![3, 4]]).unwrap();
/// let e = eliminate_big(&a, Threads::Auto);
/// assert_eq!((e.rank, e.minor.to_i64()), (2, Some(-6)));
/// ```
pub fn eliminate_big(a: &ZMatrix, threads: Threads) -> Elimination {
    Work::new(a).run(0, threads)
}
