//! The word-size Bareiss path (the idea of FLINT's `fmpz_mat_rank_small_inplace`): entries
//! as i64, each update p·x − lead·y computed in i64 with overflow flags (in i128 when they
//! trip), and the exact division by the previous pivot done as a multiplication by its
//! inverse modulo 2^64. A quotient that does not fit in i64 is an overflow: the
//! elimination escapes to multi-limb arithmetic ([`super::truncated`], or GMP when that
//! would take too much memory) and continues from exactly where it stopped, in the middle
//! of the step, so no step is done twice.
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

    /// (p·x − l·y) / d and whether it is right (branch-light, so a row's loop runs without
    /// an exit per entry). In the common case everything fits in i64 and the inverse gives
    /// the quotient directly (it is no larger than the numerator); otherwise the numerator
    /// is formed in i128 and q·d = numer is checked.
    #[inline(always)]
    fn update(&self, p: i64, x: i64, l: i64, y: i64) -> (i64, bool) {
        let (a, o1) = p.overflowing_mul(x);
        let (b, o2) = l.overflowing_mul(y);
        let (numer, o3) = a.overflowing_sub(b);
        if !(o1 | o2 | o3) {
            let q = ((numer >> self.shift) as u64).wrapping_mul(self.inverse) as i64;
            return (q, q != i64::MIN);
        }
        let numer = p as i128 * x as i128 - l as i128 * y as i128;
        let q = (((numer >> self.shift) as u64).wrapping_mul(self.inverse)) as i64;
        // The true quotient is congruent to q mod 2^64, so it equals q iff q·d = numer.
        (q, q as i128 * self.d as i128 == numer && q != i64::MIN)
    }
}

/// Runs Bareiss in machine words, or says where and why it had to stop.
///
/// Rows live at offsets into one buffer with one spare row: a row's update is written to
/// the spare and the two offsets swap, so neither an update nor a row swap copies a row
/// (only the pivot row, once per step), and an overflowing update leaves the row as it
/// was.
pub(super) fn run(a: &ZMatrix) -> Result<Elimination, Escape> {
    run_words(a).map(|d| super::finish(d.order, d.pivot_cols, Integer::from(d.prev)))
}

/// A word-size elimination that finished: row order, pivot columns, last pivot.
pub(super) struct WordDone {
    pub order: Vec<usize>,
    pub pivot_cols: Vec<usize>,
    pub prev: i64,
}

/// [`run`] without assembling the result (for `rank`, which needs none of it).
pub(super) fn run_words(a: &ZMatrix) -> Result<WordDone, Escape> {
    let (m, n) = (a.rows(), a.cols());
    // Small matrices stay on the stack: at this size allocation is a third of the time.
    let need = (m + 2) * n;
    let mut on_stack = [0i64; STACK_WORDS];
    let mut on_heap = Vec::new();
    let store: &mut [i64] = if need <= STACK_WORDS {
        &mut on_stack[..need]
    } else {
        on_heap.resize(need, 0);
        &mut on_heap
    };
    let (buf, pivot) = store.split_at_mut((m + 1) * n);
    for (b, x) in buf.iter_mut().zip(a.as_slice()) {
        match x.to_i64() {
            Some(v) if v != i64::MIN => *b = v,
            _ => return Err(Escape::Input),
        }
    }
    let mut at: Vec<usize> = (0..m).map(|i| i * n).collect();
    let mut spare = m * n;
    let mut order: Vec<usize> = (0..m).collect();
    let mut pivot_cols = Vec::with_capacity(m.min(n));
    let mut prev: i64 = 1;
    let mut r = 0;
    for j in 0..n {
        if r == m {
            break;
        }
        let Some(p) = (r..m).find(|&i| buf[at[i] + j] != 0) else {
            continue;
        };
        at.swap(r, p);
        order.swap(r, p);
        let div = ExactDivisor::new(prev);
        for (d, &v) in pivot[j..].iter_mut().zip(&buf[at[r] + j..at[r] + n]) {
            *d = v;
        }
        for i in r + 1..m {
            let (row, out) = row_and_spare(buf, at[i], spare, n);
            if update_row(row, pivot, j, &div, out) {
                std::mem::swap(&mut at[i], &mut spare);
            } else {
                let w = flatten(buf, &at, &pivot_cols, r, j, n);
                let state = WordState {
                    w,
                    order,
                    pivot_cols,
                    prev,
                    r,
                    j,
                    from: i,
                };
                return Err(Escape::Overflow(state));
            }
        }
        prev = pivot[j];
        pivot_cols.push(j);
        r += 1;
    }
    Ok(WordDone {
        order,
        pivot_cols,
        prev,
    })
}

/// Words of working storage kept on the stack ((m + 2)·n of them: rows, spare, pivot).
const STACK_WORDS: usize = 160;

/// The rows in order as one m×n buffer, with the zeros that the spare-row updates do
/// not write (left of each pivot row's pivot, and left of column `j` below) put back.
fn flatten(
    buf: &[i64],
    at: &[usize],
    pivot_cols: &[usize],
    r: usize,
    j: usize,
    n: usize,
) -> Vec<i64> {
    let mut w = Vec::with_capacity(at.len() * n);
    for (i, &o) in at.iter().enumerate() {
        let zero_to = if i < r { pivot_cols[i] } else { j };
        w.extend((0..n).map(|c| if c < zero_to { 0 } else { buf[o + c] }));
    }
    w
}

/// Row `row_at` (read) and the spare row `spare` (written), both n long, distinct.
fn row_and_spare(buf: &mut [i64], row_at: usize, spare: usize, n: usize) -> (&[i64], &mut [i64]) {
    if row_at < spare {
        let (lo, hi) = buf.split_at_mut(spare);
        (&lo[row_at..row_at + n], &mut hi[..n])
    } else {
        let (lo, hi) = buf.split_at_mut(row_at);
        (&hi[..n], &mut lo[spare..spare + n])
    }
}

/// One row of one step into `out` (columns j.. only; the ones left of it are zero in
/// every row below the pivot and never read again); false when a new entry does not fit
/// in i64.
#[inline]
fn update_row(
    row: &[i64],
    pivot_row: &[i64],
    j: usize,
    div: &ExactDivisor,
    out: &mut [i64],
) -> bool {
    let p = pivot_row[j];
    let lead = row[j];
    let tail = &row[j + 1..];
    let ptail = &pivot_row[j + 1..];
    let mut ok = true;
    for ((o, &x), &y) in out[j + 1..].iter_mut().zip(tail).zip(ptail) {
        let (q, fine) = div.update(p, x, lead, y);
        *o = q;
        ok &= fine;
    }
    out[j] = 0;
    ok
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
    fn exact_division_agrees_with_division_and_rejects_overflow() {
        for d in [
            1i64,
            -1,
            2,
            -2,
            3,
            7,
            -12,
            1 << 40,
            -(1 << 62) + 1,
            i64::MAX,
        ] {
            let div = ExactDivisor::new(d);
            for q in [0i64, 1, -1, 5, -99, 1 << 50, i64::MAX, -i64::MAX] {
                // d·q = d·x − d·y with x = q + y: small y keeps the products in i64 for
                // small d and q, large y pushes them into the i128 branch.
                for y in [0i64, 3, 1 << 40, -(1 << 61)] {
                    if let Some(x) = q.checked_add(y) {
                        assert_eq!(div.update(d, x, d, y), (q, true), "{q}·{d} via y = {y}");
                    }
                }
            }
            if d.unsigned_abs() > 1 {
                // d·(2^63 − 1) + d = d·2^63: a quotient just past i64, refused, not wrapped.
                assert!(!div.update(d, i64::MAX, -d, 1).1, "d = {d}");
            }
        }
    }
}
