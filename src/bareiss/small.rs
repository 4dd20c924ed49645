//! The word-size Bareiss path (the idea of FLINT's `fmpz_mat_rank_small_inplace`): entries
//! as i64, each update p·x − lead·y computed exactly in i128, and the exact division by
//! the previous pivot done as a multiplication by its inverse modulo 2^64. A quotient that
//! does not fit in i64 is an overflow: the elimination escapes to GMP integers and
//! continues from exactly where it stopped, so no step is done twice.
//!
//! Most user matrices have small entries, and for them GMP is never touched.

use super::eliminate::{Threads, Work};
use super::truncated::{self, WordState};
use super::Elimination;
use crate::ZMatrix;
use rug::Integer;

/// Why the word-size path stopped: the input did not fit in machine words, or an entry
/// outgrew them part-way (with everything needed to resume).
pub(super) enum Escape {
    /// Some input entry is not in [−(2^63 − 1), 2^63 − 1].
    Input,
    /// A step overflowed part-way.
    Overflow(WordState),
}

impl Escape {
    /// Completes the elimination beyond machine words: in limbs modulo a power of two
    /// when the buffer is affordable, otherwise over GMP integers.
    pub fn resume(self, a: &ZMatrix, threads: Threads) -> Elimination {
        match self {
            Escape::Input => match truncated::run(a, Work::new(a), 0, threads, true) {
                Ok(e) => e,
                Err(work) => work.run(0, threads),
            },
            Escape::Overflow(s) => match truncated::resume_words(a, s, threads) {
                Ok(e) => e,
                Err(s) => {
                    let mut work = Work {
                        m: a.rows(),
                        n: a.cols(),
                        w: s.w.iter().map(|&v| Integer::from(v)).collect(),
                        order: s.order,
                        pivot_cols: s.pivot_cols,
                        prev: Integer::from(s.prev),
                    };
                    work.finish_step(s.r, s.j, s.from, threads);
                    work.run(s.j + 1, threads)
                }
            },
        }
    }
}

/// Exact division by a fixed nonzero i64, checked: the quotient of an exactly divisible
/// i128 if it fits in i64 (and is not i64::MIN, so that negating and multiplying entries
/// stays inside i128), otherwise `None`.
struct ExactDivisor {
    d: i64,
    shift: u32,
    /// The inverse of d's odd part modulo 2^64.
    inverse: u64,
}

impl ExactDivisor {
    fn new(d: i64) -> ExactDivisor {
        debug_assert!(d != 0);
        let shift = d.trailing_zeros();
        let odd = (d >> shift) as u64;
        // Newton's iteration doubles the correct low bits: odd·odd ≡ 1 mod 8 to start.
        let mut inverse = odd;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inverse)));
        }
        ExactDivisor { d, shift, inverse }
    }

    #[inline(always)]
    fn divide(&self, numer: i128) -> Option<i64> {
        let q = (((numer >> self.shift) as u64).wrapping_mul(self.inverse)) as i64;
        // The true quotient is congruent to q mod 2^64, so it equals q iff q·d = numer.
        (q as i128 * self.d as i128 == numer && q != i64::MIN).then_some(q)
    }
}

/// Runs Bareiss in machine words, or says where and why it had to stop.
pub(super) fn run(a: &ZMatrix) -> Result<Elimination, Escape> {
    let (m, n) = (a.rows(), a.cols());
    let mut w = Vec::with_capacity(m * n);
    for x in a.as_slice() {
        match x.to_i64() {
            Some(v) if v != i64::MIN => w.push(v),
            _ => return Err(Escape::Input),
        }
    }
    let mut order: Vec<usize> = (0..m).collect();
    let mut pivot_cols = Vec::new();
    let mut prev: i64 = 1;
    let mut scratch = vec![0i64; n];
    let mut r = 0;
    for j in 0..n {
        if r == m {
            break;
        }
        let Some(p) = (r..m).find(|&i| w[i * n + j] != 0) else {
            continue;
        };
        if p != r {
            let (lo, hi) = w.split_at_mut(p * n);
            lo[r * n..(r + 1) * n].swap_with_slice(&mut hi[..n]);
            order.swap(r, p);
        }
        let div = ExactDivisor::new(prev);
        let (top, rest) = w.split_at_mut((r + 1) * n);
        let pivot_row = &top[r * n..];
        for (t, row) in rest.chunks_exact_mut(n).enumerate() {
            if !update_row(row, pivot_row, j, &div, &mut scratch[j + 1..]) {
                let from = r + 1 + t;
                return Err(Escape::Overflow(WordState {
                    w,
                    order,
                    pivot_cols,
                    prev,
                    r,
                    j,
                    from,
                }));
            }
        }
        prev = pivot_row[j];
        pivot_cols.push(j);
        r += 1;
    }
    Ok(super::finish(order, pivot_cols, Integer::from(prev)))
}

/// One row of one step; false (row untouched) when a new entry does not fit in i64.
#[inline]
fn update_row(row: &mut [i64], pivot_row: &[i64], j: usize, div: &ExactDivisor, out: &mut [i64]) -> bool {
    let p = pivot_row[j] as i128;
    let lead = row[j] as i128;
    let tail = &row[j + 1..];
    let ptail = &pivot_row[j + 1..];
    if lead == 0 {
        for (o, &x) in out.iter_mut().zip(tail) {
            match div.divide(p * x as i128) {
                Some(q) => *o = q,
                None => return false,
            }
        }
    } else {
        for ((o, &x), &y) in out.iter_mut().zip(tail).zip(ptail) {
            match div.divide(p * x as i128 - lead * y as i128) {
                Some(q) => *o = q,
                None => return false,
            }
        }
    }
    row[j] = 0;
    row[j + 1..].copy_from_slice(out);
    true
}

/// Bareiss in machine words only: `None` when an input entry or an intermediate minor
/// does not fit in i64 (no GMP fallback; [`super::eliminate`] is the one that escapes).
///
/// ```
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2], vec![3, 4]]).unwrap();
/// assert_eq!(exrank::bareiss::eliminate_word(&a).unwrap().minor, -2);
/// let huge = exrank::ZMatrix::from_i64_rows(&[vec![1 << 62, 1], vec![1, 1 << 62]]).unwrap();
/// assert!(exrank::bareiss::eliminate_word(&huge).is_none()); // det needs 124 bits
/// ```
pub fn eliminate_word(a: &ZMatrix) -> Option<Elimination> {
    run(a).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_divisor_agrees_with_division_and_rejects_overflow() {
        for d in [1i64, -1, 2, -2, 3, 7, -12, 1 << 40, -(1 << 62) + 1, i64::MAX] {
            let div = ExactDivisor::new(d);
            for q in [0i64, 1, -1, 5, -99, 1 << 50, i64::MAX, -i64::MAX] {
                assert_eq!(div.divide(q as i128 * d as i128), Some(q), "{q}·{d}");
            }
            if d.unsigned_abs() > 1 {
                // A quotient just past i64 must be refused, not wrapped.
                let big = (i64::MAX as i128 + 1) * d as i128;
                assert_eq!(div.divide(big), None, "d = {d}");
            }
        }
    }
}
