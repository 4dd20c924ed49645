//! Bareiss modulo a power of two, sized by Hadamard's bound: the same steps and the same
//! intermediate minors as the GMP kernel, but without a single division.
//!
//! Each entry after a step is a minor of the input, so Hadamard's bound says how many
//! bits it has; working modulo 2^N with N a little above that bound loses nothing, since
//! a two's-complement residue of an integer smaller than 2^(N−1) in magnitude *is* that
//! integer. Modulo 2^N the exact division by the previous pivot d = 2^s·o becomes a
//! multiplication by o⁻¹ (and a shift by s), and it distributes:
//!
//!   (p·x − l·y) / d  ≡  (x·(p·o⁻¹) − y·(l·o⁻¹)) / 2^s   (mod 2^(N))
//!
//! with p·o⁻¹ computed once per step and l·o⁻¹ once per row. An entry update is then two
//! low-half products of N bits (half the work of two full products, and no division),
//! where the GMP kernel does two full products and an exact division.
//!
//! The cost is memory and pessimism: every entry occupies the bound's width, so this
//! kernel is for dense matrices whose minors really are near the bound (random and most
//! user matrices); the dispatcher caps the memory and falls back to GMP above it.

use super::eliminate::{Threads, Work};
use super::Elimination;
use gmp_mpfr_sys::gmp;
use rayon::prelude::*;
use rug::integer::Order;
use rug::Integer;

/// The most memory (bytes) the limb buffer may take before the GMP kernel is used instead.
pub(super) const MAX_BYTES: usize = 1 << 30;

/// Below this many limb-multiplications per step, rows are updated on one thread.
const PARALLEL_MIN_WORK: usize = 1 << 16;

/// Bit bounds for k×k minors: `bits[k]` ≥ log2 of the largest |k×k minor|, by Hadamard's
/// inequality on the k longest rows (or columns, whichever is smaller). `square_bits(i, c)`
/// gives bits(‖row i‖²) for c = false and bits(‖column i‖²) for c = true.
fn minor_bounds(m: usize, n: usize, mut square_bits: impl FnMut(usize, bool) -> u64) -> Vec<u64> {
    // bits(‖v‖²) is a bound in half-bits: ‖v‖ < 2^(bits(‖v‖²)/2).
    let mut rows: Vec<u64> = (0..m).map(|i| square_bits(i, false)).collect();
    let mut cols: Vec<u64> = (0..n).map(|c| square_bits(c, true)).collect();
    rows.sort_unstable_by(|a, b| b.cmp(a));
    cols.sort_unstable_by(|a, b| b.cmp(a));
    let k_max = m.min(n);
    let mut bits = vec![0u64; k_max + 1];
    let (mut sr, mut sc) = (0u64, 0u64);
    for k in 1..=k_max {
        sr += rows[k - 1];
        sc += cols[k - 1];
        bits[k] = sr.min(sc).div_ceil(2);
    }
    bits
}

/// [`minor_bounds`] of a matrix of GMP integers.
fn bounds_of(a: &crate::ZMatrix) -> Vec<u64> {
    let (m, n) = (a.rows(), a.cols());
    let w = a.as_slice();
    minor_bounds(m, n, |i, by_col| {
        let s: Integer = if by_col {
            (0..m).map(|r| w[r * n + i].clone().square()).sum()
        } else {
            w[i * n..(i + 1) * n]
                .iter()
                .map(|x| x.clone().square())
                .sum()
        };
        s.significant_bits() as u64
    })
}

/// [`minor_bounds`] of a matrix whose entries all fit in i64 (in u128 arithmetic unless a
/// sum overflows, then through GMP).
fn bounds_of_words(a: &crate::ZMatrix) -> Vec<u64> {
    let (m, n) = (a.rows(), a.cols());
    let Some(w) = a
        .as_slice()
        .iter()
        .map(|x| x.to_i64())
        .collect::<Option<Vec<i64>>>()
    else {
        return bounds_of(a);
    };
    let sum = |it: &mut dyn Iterator<Item = i64>| -> Option<u64> {
        let mut s = 0u128;
        for x in it {
            s = s.checked_add((x as i128 * x as i128) as u128)?;
        }
        Some(128 - s.leading_zeros() as u64)
    };
    let mut exact = true;
    let b = minor_bounds(m, n, |i, by_col| {
        let r = if by_col {
            sum(&mut (0..m).map(|r| w[r * n + i]))
        } else {
            sum(&mut w[i * n..(i + 1) * n].iter().copied())
        };
        r.unwrap_or_else(|| {
            exact = false;
            0
        })
    });
    if exact {
        b
    } else {
        bounds_of(a)
    }
}

/// Limbs needed to hold a signed value below 2^bits, plus `shift` bits to divide out.
fn limbs_for(bits: u64, shift: u64) -> usize {
    ((bits + 1 + shift).div_ceil(64)).max(1) as usize
}

/// The two's-complement residue of `x` modulo 2^(64·k), as k limbs.
fn to_limbs(x: &Integer, k: usize, out: &mut [u64]) {
    if let Some(v) = x.to_i64() {
        out[0] = v as u64;
        out[1..k].fill(if v < 0 { u64::MAX } else { 0 });
        return;
    }
    let r = x.clone().keep_bits((64 * k) as u32);
    out[..k].fill(0);
    let digits = r.to_digits::<u64>(Order::Lsf);
    out[..digits.len()].copy_from_slice(&digits);
}

/// The two's-complement limbs of a word, sign-extended over `out`.
fn to_limbs_i64(v: i64, out: &mut [u64]) {
    out[0] = v as u64;
    out[1..].fill(if v < 0 { u64::MAX } else { 0 });
}

/// The integer whose two's-complement residue modulo 2^(64·k) is `limbs[..k]`.
fn from_limbs(limbs: &[u64]) -> Integer {
    let k = limbs.len();
    let mut x = Integer::from_digits(limbs, Order::Lsf);
    if k > 0 && limbs[k - 1] >> 63 == 1 {
        x -= Integer::from(1) << (64 * k) as u32;
    }
    x
}

struct State {
    m: usize,
    n: usize,
    /// Limbs reserved per entry.
    slot: usize,
    /// Limbs currently valid (sign-extended) in every active entry.
    width: usize,
    data: Vec<u64>,
    order: Vec<usize>,
    pivot_cols: Vec<usize>,
    prev: Integer,
    bounds: Vec<u64>,
    adaptive: bool,
}

/// The limb buffer for an m×n elimination under `bounds`, or `None` above `MAX_BYTES`.
/// Returns (slot, buffer).
fn allocate(m: usize, n: usize, bounds: &[u64]) -> Option<(usize, Vec<u64>)> {
    // Width for the largest minors, with one spare limb for the shifts by powers of two
    // in the pivots; a step that needs more hands back to GMP.
    let slot = limbs_for(bounds[m.min(n)], 0) + 1;
    let bytes = m.saturating_mul(n).saturating_mul(slot).saturating_mul(8);
    (bytes <= MAX_BYTES).then(|| (slot, vec![0u64; m * n * slot]))
}

/// Runs the truncated kernel from a GMP state of the elimination of `a` (start column
/// `start`), or returns the state unchanged when the buffer would not fit in `MAX_BYTES`.
/// The bounds come from `a` itself: the state's entries are minors of `a`, not of the
/// state.
///
/// With `adaptive`, a pivot far below its bound (structured input, where Hadamard's bound
/// is pessimistic and the fixed width wastes work) hands the rest back to GMP, whose
/// entries are as long as they really are.
pub(super) fn run(
    a: &crate::ZMatrix,
    work: Work,
    start: usize,
    threads: Threads,
    adaptive: bool,
) -> Result<Elimination, Work> {
    let (m, n) = (work.m, work.n);
    let bounds = bounds_of(a);
    let Some((slot, mut data)) = allocate(m, n, &bounds) else {
        return Err(work);
    };
    let r = work.pivot_cols.len();
    let width = limbs_for(bounds[(r + 1).min(m.min(n))], 0).min(slot);
    for (x, s) in work.w.iter().zip(data.chunks_exact_mut(slot)) {
        to_limbs(x, width, s);
    }
    let state = State {
        m,
        n,
        slot,
        width,
        data,
        order: work.order,
        pivot_cols: work.pivot_cols,
        prev: work.prev,
        bounds,
        adaptive,
    };
    Ok(state.run(start, threads))
}

/// Where the word-size path stopped: its entries, row order, pivots so far, previous
/// pivot, and the interrupted step (pivot row `r`, column `j`, rows r+1..from done).
pub(super) struct WordState {
    pub w: Vec<i64>,
    pub order: Vec<usize>,
    pub pivot_cols: Vec<usize>,
    pub prev: i64,
    pub r: usize,
    pub j: usize,
    pub from: usize,
}

/// Continues the word-size path's interrupted elimination of `a` in limbs (no GMP
/// integers in between), or hands the state back when the buffer would be too big.
pub(super) fn resume_words(
    a: &crate::ZMatrix,
    s: WordState,
    threads: Threads,
) -> Result<Elimination, WordState> {
    let (m, n) = (a.rows(), a.cols());
    // The bounds come from `a`, not from the state: the state's entries are minors of `a`.
    let bounds = bounds_of_words(a);
    let Some((slot, mut data)) = allocate(m, n, &bounds) else {
        return Err(s);
    };
    for (&x, d) in s.w.iter().zip(data.chunks_exact_mut(slot)) {
        d[0] = x as u64;
    }
    let mut state = State {
        m,
        n,
        slot,
        width: 1,
        data,
        order: s.order,
        pivot_cols: s.pivot_cols,
        prev: Integer::from(s.prev),
        bounds,
        adaptive: true,
    };
    let (r, j) = (s.r, s.j);
    if state.prepare(r, j).is_err() {
        let mut work = state.into_work(r, j);
        work.finish_step(r, j, s.from, threads);
        return Ok(work.run(j + 1, threads));
    }
    state.step(r, j, s.from, threads);
    Ok(state.run(j + 1, threads))
}

impl State {
    fn entry(&self, i: usize, c: usize) -> &[u64] {
        let at = (i * self.n + c) * self.slot;
        &self.data[at..at + self.width]
    }

    /// Back to GMP integers before the step with pivot (r, j). Only the active block (rows
    /// r.., columns j..) is converted, the only part the rest of the elimination reads;
    /// the finished rows are left as zeros, since their entries outside the active block
    /// are not kept sign-extended.
    fn into_work(self, r: usize, j: usize) -> Work {
        let (n, slot, width) = (self.n, self.slot, self.width);
        let w = (0..self.m * n)
            .map(|t| {
                if t / n >= r && t % n >= j {
                    from_limbs(&self.data[t * slot..t * slot + width])
                } else {
                    Integer::new()
                }
            })
            .collect();
        Work {
            m: self.m,
            n: self.n,
            w,
            order: self.order,
            pivot_cols: self.pivot_cols,
            prev: self.prev,
        }
    }

    fn run(mut self, start: usize, threads: Threads) -> Elimination {
        let (m, n, slot) = (self.m, self.n, self.slot);
        let mut r = self.pivot_cols.len();
        for j in start..n {
            if r == m {
                break;
            }
            let Some(p) = (r..m).find(|&i| self.entry(i, j).iter().any(|&l| l != 0)) else {
                continue;
            };
            if p != r {
                let (a, b) = self.data.split_at_mut(p * n * slot);
                a[r * n * slot..(r + 1) * n * slot].swap_with_slice(&mut b[..n * slot]);
                self.order.swap(r, p);
            }
            if self.adaptive && self.width >= 4 {
                let bits = from_limbs(self.entry(r, j)).significant_bits() as u64;
                if 2 * (bits + 64) < self.bounds[r + 1] {
                    return self.into_work(r, j).run(j, threads);
                }
            }
            if self.prepare(r, j).is_err() {
                return self.into_work(r, j).run(j, threads);
            }
            self.step(r, j, r + 1, threads);
            r += 1;
        }
        super::finish(self.order, self.pivot_cols, self.prev)
    }

    /// Widens the active entries for the step with pivot (r, j), which turns
    /// (r+1)-minors into (r+2)-minors; `Err` when that needs more limbs than reserved.
    fn prepare(&mut self, r: usize, j: usize) -> Result<(), ()> {
        let shift = self.prev.find_one(0).unwrap_or(0) as u64;
        let k = (r + 2).min(self.m.min(self.n));
        let width = limbs_for(self.bounds[k], shift).max(self.width);
        if width > self.slot {
            return Err(());
        }
        self.extend(r, j, width);
        Ok(())
    }

    /// Sign-extends the active entries (rows r.., columns j..) to `width` limbs.
    fn extend(&mut self, r: usize, j: usize, width: usize) {
        let old = self.width;
        if width == old {
            return;
        }
        let (n, slot) = (self.n, self.slot);
        for i in r..self.m {
            for c in j..n {
                let s = &mut self.data[(i * n + c) * slot..(i * n + c) * slot + width];
                let fill = if s[old - 1] >> 63 == 1 { u64::MAX } else { 0 };
                s[old..].fill(fill);
            }
        }
        self.width = width;
    }

    /// One Bareiss step with pivot (r, j) at the current width, on rows `first`.. (the
    /// rows r+1..first are already done).
    fn step(&mut self, r: usize, j: usize, first: usize, threads: Threads) {
        let (n, slot, k) = (self.n, self.slot, self.width);
        let shift = self.prev.find_one(0).unwrap_or(0);
        let mut on_stack = [0u64; 3 * INLINE_LIMBS];
        let mut on_heap = Vec::new();
        let store: &mut [u64] = if k <= INLINE_LIMBS {
            &mut on_stack[..3 * k]
        } else {
            on_heap.resize(3 * k, 0);
            &mut on_heap
        };
        let (odd, rest) = store.split_at_mut(k);
        let (inv, big_p) = rest.split_at_mut(k);
        match self.prev.to_i64() {
            Some(v) => to_limbs_i64(v >> shift, odd),
            None => to_limbs(&Integer::from(&self.prev >> shift), k, odd),
        }
        inverse_mod_power_of_two(odd, inv);
        mul_low_add(big_p, self.entry(r, j), inv);
        let (big_p, inv) = (&*big_p, &*inv);
        let p = from_limbs(self.entry(r, j));
        let (top, rest) = self.data.split_at_mut(first * n * slot);
        let pivot_row = &top[r * n * slot..(r + 1) * n * slot];
        let rows = rest.len() / (n * slot);
        let update = |row: &mut [u64]| {
            update_row(row, pivot_row, j, slot, k, shift, big_p, inv);
        };
        let work = rows * (n - j) * k * k;
        if threads == Threads::Auto && rows > 1 && work >= PARALLEL_MIN_WORK {
            rest.par_chunks_mut(n * slot).for_each(update);
        } else {
            rest.chunks_mut(n * slot).for_each(update);
        }
        self.prev = p;
        self.pivot_cols.push(j);
    }
}

/// One row of one step: for c > j, x ← (x·P − y·L) / 2^shift modulo 2^(64k), with
/// P = p·o⁻¹ and L = lead·o⁻¹; the lead itself becomes 0.
#[allow(clippy::too_many_arguments)]
fn update_row(
    row: &mut [u64],
    pivot_row: &[u64],
    j: usize,
    slot: usize,
    k: usize,
    shift: u32,
    big_p: &[u64],
    inv: &[u64],
) {
    let n = pivot_row.len() / slot;
    let mut scratch = [0u64; 2 * INLINE_LIMBS];
    let mut heap = Vec::new();
    let (big_l, t) = if k <= INLINE_LIMBS {
        scratch[..2 * k].split_at_mut(k)
    } else {
        heap.resize(2 * k, 0);
        heap.split_at_mut(k)
    };
    let lead = &mut row[j * slot..j * slot + k];
    let lead_zero = lead.iter().all(|&l| l == 0);
    if !lead_zero {
        mul_low_add(big_l, lead, inv);
        lead.fill(0);
    }
    for c in j + 1..n {
        let x = &row[c * slot..c * slot + k];
        let y = &pivot_row[c * slot..c * slot + k];
        let x_zero = x.iter().all(|&l| l == 0);
        if x_zero && (lead_zero || y.iter().all(|&l| l == 0)) {
            continue;
        }
        t.fill(0);
        if !x_zero {
            mul_low_add(t, x, big_p);
        }
        if !lead_zero {
            mul_low_sub(t, y, big_l);
        }
        if shift > 0 {
            shift_right_signed(t, shift);
        }
        for (d, &v) in row[c * slot..c * slot + k].iter_mut().zip(t.iter()) {
            *d = v;
        }
    }
}

/// The inverse of the odd number `odd` modulo 2^(64·len): Newton's iteration
/// x ← x·(2 − odd·x), which doubles the number of correct low bits each time, from an
/// inverse modulo 8 (odd·odd ≡ 1 mod 8), first in one word, then in limbs.
fn inverse_mod_power_of_two(odd: &[u64], x: &mut [u64]) {
    let k = odd.len();
    debug_assert!(odd[0] & 1 == 1);
    let mut word = odd[0];
    for _ in 0..5 {
        word = word.wrapping_mul(2u64.wrapping_sub(odd[0].wrapping_mul(word)));
    }
    x.fill(0);
    x[0] = word;
    if k == 1 {
        return;
    }
    let mut t = vec![0u64; 2 * k];
    let (t, next) = t.split_at_mut(k);
    let mut correct = 64u64;
    while correct < 64 * k as u64 {
        // t = 2 − odd·x
        t.fill(0);
        mul_low_sub(t, odd, x);
        let (lo, carry) = t[0].overflowing_add(2);
        t[0] = lo;
        if carry {
            for l in t[1..].iter_mut() {
                let (v, c) = l.overflowing_add(1);
                *l = v;
                if !c {
                    break;
                }
            }
        }
        next.fill(0);
        mul_low_add(next, x, t);
        x.copy_from_slice(next);
        correct *= 2;
    }
}

/// Up to this many limbs the low products are inline Rust; above, GMP's assembly
/// addmul_1/submul_1 rows amortise the call.
const INLINE_LIMBS: usize = 6;

/// t += a·b modulo 2^(64·len) (all three of the same length): the low half of a
/// schoolbook product.
#[inline]
fn mul_low_add(t: &mut [u64], a: &[u64], b: &[u64]) {
    let k = t.len();
    if k <= INLINE_LIMBS {
        for i in 0..k {
            let bi = b[i] as u128;
            let mut carry = 0u128;
            for (tt, &aa) in t[i..].iter_mut().zip(a) {
                let v = *tt as u128 + aa as u128 * bi + carry;
                *tt = v as u64;
                carry = v >> 64;
            }
        }
        return;
    }
    for i in 0..k {
        if b[i] != 0 {
            // SAFETY: t[i..] and a[..k-i] are valid for k−i limbs and do not overlap.
            unsafe {
                gmp::mpn_addmul_1(
                    t[i..].as_mut_ptr(),
                    a.as_ptr(),
                    (k - i) as gmp::size_t,
                    b[i],
                );
            }
        }
    }
}

/// t −= a·b modulo 2^(64·len).
#[inline]
fn mul_low_sub(t: &mut [u64], a: &[u64], b: &[u64]) {
    let k = t.len();
    if k <= INLINE_LIMBS {
        for i in 0..k {
            let bi = b[i] as u128;
            let mut carry = 0u128;
            for (tt, &aa) in t[i..].iter_mut().zip(a) {
                let v = aa as u128 * bi + carry;
                let (d, borrow) = tt.overflowing_sub(v as u64);
                *tt = d;
                carry = (v >> 64) + borrow as u128;
            }
        }
        return;
    }
    for i in 0..k {
        if b[i] != 0 {
            // SAFETY: as in `mul_low_add`.
            unsafe {
                gmp::mpn_submul_1(
                    t[i..].as_mut_ptr(),
                    a.as_ptr(),
                    (k - i) as gmp::size_t,
                    b[i],
                );
            }
        }
    }
}

/// Divides the exactly divisible two's-complement value in `t` by 2^shift: shift right,
/// then sign-extend from the new top bit (the true quotient is small enough for it).
fn shift_right_signed(t: &mut [u64], shift: u32) {
    let k = t.len();
    let bits = 64 * k as u32;
    debug_assert!(shift < bits);
    let (limbs, rem) = ((shift / 64) as usize, shift % 64);
    for i in 0..k {
        let lo = t.get(i + limbs).copied().unwrap_or(0);
        let hi = t.get(i + limbs + 1).copied().unwrap_or(0);
        t[i] = if rem == 0 {
            lo
        } else {
            (lo >> rem) | (hi << (64 - rem))
        };
    }
    // Bit (bits − shift − 1) is the sign; copy it upward.
    let top = bits - shift - 1;
    let negative = (t[(top / 64) as usize] >> (top % 64)) & 1 == 1;
    for b in (top + 1)..bits {
        let (w, o) = ((b / 64) as usize, b % 64);
        if negative {
            t[w] |= 1 << o;
        } else {
            t[w] &= !(1 << o);
        }
    }
}

/// Bareiss through the truncated kernel from the start to the end (GMP only if the buffer
/// would be too big or a pivot's power of two needs more than the spare limb): for tests
/// and benchmarks that force this kernel.
///
/// ```
/// use exrank::bareiss::{eliminate_truncated, Threads};
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![0, 2, 1], vec![3, 4, 1], vec![6, 8, 2]]).unwrap();
/// let e = eliminate_truncated(&a, Threads::Single);
/// assert_eq!((e.rank, e.pivot_cols.clone(), e.minor.to_i64()), (2, vec![0, 1], Some(-6)));
/// ```
pub fn eliminate_truncated(a: &crate::ZMatrix, threads: Threads) -> Elimination {
    match run(a, Work::new(a), 0, threads, false) {
        Ok(e) => e,
        Err(work) => work.run(0, threads),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limbs_round_trip_signed_values() {
        for v in [0i64, 1, -1, 5, -5, i64::MAX, i64::MIN] {
            for k in 1..4 {
                let x = Integer::from(v);
                let mut l = vec![0; k];
                to_limbs(&x, k, &mut l);
                assert_eq!(from_limbs(&l), x);
            }
        }
        let x = -(Integer::from(1) << 100u32) + 3;
        let mut l = vec![0; 2];
        to_limbs(&x, 2, &mut l);
        assert_eq!(from_limbs(&l), x);
    }

    #[test]
    fn inverse_mod_power_of_two_is_an_inverse() {
        for (v, k) in [
            (1u64, 1usize),
            (3, 1),
            (u64::MAX, 2),
            (12345, 3),
            (0xd_eadb_eef1, 9),
        ] {
            let mut odd = vec![0u64; k];
            odd[0] = v;
            odd[k - 1] |= if k > 1 { 7 } else { 0 };
            let mut inv = vec![0u64; k];
            inverse_mod_power_of_two(&odd, &mut inv);
            let mut t = vec![0u64; k];
            mul_low_add(&mut t, &odd, &inv);
            let mut one = vec![0u64; k];
            one[0] = 1;
            assert_eq!(t, one, "{v} over {k} limbs");
        }
    }

    #[test]
    fn signed_shift_divides_exactly() {
        for (v, s) in [
            (-96i128, 5u32),
            (96, 5),
            (-(1i128 << 100), 70),
            (3i128 << 80, 80),
            (-1 << 65, 65),
        ] {
            let mut t = vec![0u64; 2];
            to_limbs(&Integer::from(v), 2, &mut t);
            shift_right_signed(&mut t, s);
            assert_eq!(from_limbs(&t), Integer::from(v >> s), "{v} >> {s}");
        }
    }
}
