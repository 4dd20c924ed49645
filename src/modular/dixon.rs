//! Route (a) of the rank upper bound: an integer kernel basis found by Dixon p-adic lifting
//! and proved.
//!
//! Given pivots I, J from a prime p with B = A[I, J] invertible mod p, every free column f
//! (not in J) gets the solution x of B·x = b, b = A[I, f], over Q: B⁻¹ mod p is computed
//! once ([`super::inverse_mod_p`], GEMM-based), then each lifting step takes a digit
//! X = B⁻¹·R mod p (symmetric residues) and replaces the residual R by (R − B·X)/p,
//! checking that the division is exact. The kernel vector of f is v = (y on J, −d on f,
//! 0 on the other free columns) for x = y/d.
//!
//! **Output-sensitive stop.** Lifting runs to the Hadamard-based k (pᵏ > 2·N·D) only if it
//! must: at checkpoints (spaced by the measured costs of steps and attempts, see
//! `next_checkpoint`) a common denominator d is reconstructed
//! from random combinations of the coordinates ([`super::rational_reconstruction`]:
//! Lehmer's scalar reconstruction, and from where it could pay, lattice reduction on
//! two combinations at once, which needs about 3/2 of the solution's bits of modulus
//! instead of twice them), tested on another combination, and y = d·u (symmetric mod pᵏ,
//! u = Σ Xᵢ pⁱ) is accepted only if proved as below. On products of random factors this
//! stops at about a third of k (635 of 1970 steps at n = 1000). The attempts run on
//! another worker while the lifting goes on (one step at n = 400 is a single task, so
//! that core was idle), one at a time; the lifting stops to help once an attempt's
//! candidate has passed the test combination, and waits for the first lattice attempt
//! (placed where the solution is expected; later ones, after a miss, do not block).
//!
//! **The proof.** Every step keeps the integer identity b − B·u = pᵏ·R (exact arithmetic,
//! by the range analysis of each kernel, and each division by p checked), whatever B⁻¹
//! mod p was, and whether or not p is prime. With y ≡ d·u (mod pᵏ), y − d·u = pᵏ·w gives
//! B·y − d·b = pᵏ·(B·w − d·R) ≡ 0 (mod pᵏ); every row of it is at most
//! max_i Σⱼ|B_ij|·max|y| + d·max|b| in absolute value, so when that is below pᵏ the
//! pivot rows of A·v vanish over Z. The other m − r rows are checked in exact integer
//! arithmetic (when the bound fails, every row is). Each v is nonzero exactly on its own
//! free column among the free columns, so the n − r vectors are independent and
//! rank(A) ≤ r. A tampered pivot set, a composite "prime", a wrong inverse or a premature
//! candidate can only make a division, the bound or the check fail: the answer is then
//! "not proved", never a false proof.
//!
//! **Folded lifting.** With few free columns and word-size entries the steps run in
//! [`super::folded_lifting`] instead: C·B = I + p·F is formed once (exactly; its
//! divisibility by p is the check that C is B⁻¹ mod p) and each step streams F alone,
//! as byte planes multiplied by VNNI where the CPU has it. The digits and the identity
//! the proof rests on are those of the plain steps (see that module).
//!
//! Cost: ≈ 3·r³ (the inverse) + k'·r²·(12 + 4·(n − r)) (the lifting, k' the steps the
//! solution needs) + one reconstruction per coordinate + the check on m − r rows, against
//! the Hadamard route's ≈ k/2 full eliminations; [`dixon_is_cheaper`] compares the two.

use super::dense::ModElimination;
use super::digit_scaling::{centred, scaled_coordinates};
use super::folded_lifting::Folded;
use super::gfp_f64::GfpF64;
use super::rational_reconstruction::{common_denominator, denominator};
use super::reduce::small_value;
use super::small_entries::{row_log_norms, SmallEntries};
use crate::ZMatrix;
use faer::{Accum, MatMut, MatRef, Par};
use rayon::prelude::*;
use rug::{Assign, Complete, Integer};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver, TryRecvError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The lifting prime used when the elimination's own prime is too large for the f64
/// kernels (the largest prime below 2²³).
const FALLBACK_PRIME: u64 = 8_388_593;

/// Refuses (returns "not tried") when the digits of the expansion would take more memory
/// than this many bytes.
const DIGIT_MEMORY_LIMIT: f64 = 1.0e9;

/// `true` only if rank(`a`) ≤ `e.rank` was proved by an exactly checked kernel basis of
/// dimension n − r (see the module docs). Fits [`super::KernelCheck`].
///
/// ```
/// use exrank::modular::{dixon, rank_mod_p};
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into()); // rank 2
/// let entries = exrank::modular::SmallEntries::new(&a);
/// assert!(dixon::kernel_check(&entries, &rank_mod_p(&a, 8_388_593)));
/// let mut lie = rank_mod_p(&a, 8_388_593);
/// lie.rank = 1; lie.pivot_rows.pop(); lie.pivot_cols.pop();
/// assert!(!dixon::kernel_check(&entries, &lie)); // rank 1 cannot be proved: it is false
/// ```
pub fn kernel_check(a: &SmallEntries, e: &ModElimination) -> bool {
    kernel_basis_of(a, e).is_some()
}

/// [`kernel_check`] when [`dixon_is_cheaper`] says lifting beats the Hadamard route, else
/// `false` (so the caller uses primes). The default route (a) of [`crate::RankParams`].
///
/// ```
/// use exrank::modular::{dixon, rank_mod_p};
/// use exrank::modular::SmallEntries;
/// let a = exrank::matrix::gen::randrank(200, 200, 199, 8, 800, 2); // one free column
/// let e = rank_mod_p(&a, 8_388_593);
/// assert!(dixon::kernel_check_if_cheaper(&SmallEntries::new(&a), &e));
/// let b = exrank::matrix::gen::randrank(60, 60, 30, 8, 200, 1); // 30 free columns
/// let e = rank_mod_p(&b, 8_388_593);
/// assert!(!dixon::kernel_check_if_cheaper(&SmallEntries::new(&b), &e)); // primes win
/// ```
pub fn kernel_check_if_cheaper(a: &SmallEntries, e: &ModElimination) -> bool {
    lifting_is_cheaper(a.rows(), a.cols(), a.row_log_norms().to_vec(), e.rank) && kernel_check(a, e)
}

/// Cost model: true when proving rank ≤ `rank` by lifting is expected to take fewer word
/// operations than the Hadamard route (≈ one elimination per 22 bits of the bound on
/// (r+1)-minors). Both estimates use the same log₂ of row norms.
///
/// ```
/// let a = exrank::matrix::gen::randrank(200, 200, 199, 8, 800, 2);
/// assert!(exrank::modular::dixon::dixon_is_cheaper(&a, 199)); // one free column
/// ```
pub fn dixon_is_cheaper(a: &ZMatrix, rank: usize) -> bool {
    lifting_is_cheaper(a.rows(), a.cols(), row_log_norms(a), rank)
}

/// [`dixon_is_cheaper`] for an m × n matrix with these row norms (log₂).
fn lifting_is_cheaper(m: usize, n: usize, mut logs: Vec<f64>, rank: usize) -> bool {
    let (m, n) = (m as f64, n as f64);
    let r = rank as f64;
    let s = n - r;
    if rank == 0 || s <= 0.0 {
        return false;
    }
    // Largest first.
    logs.sort_unstable_by(|x, y| y.total_cmp(x));
    let hadamard_bits: f64 = logs.iter().take(rank + 1).sum();
    let primes = (hadamard_bits / 22.0).ceil().max(1.0);
    let hadamard = primes * m * n * r;
    // 2·N·D has about twice the bits of the r-minor bound; digits have log₂ p ≈ 22.9 bits.
    let bits = 2.0 * logs.iter().take(rank).sum::<f64>() + 2.0;
    let k = bits / 22.9;
    if k * r * s * 4.0 > DIGIT_MEMORY_LIMIT {
        return false;
    }
    // Lifting stops when the solution is proved, not at Hadamard's k: on products of
    // random factors (the benchmark families) y and d have about half the bits of N·D,
    // so k/2 steps are expected (it is only a speed estimate; the proof does not use it).
    let k_eff = k / 2.0;
    let limbs = bits / 2.0 / 64.0 + 1.0;
    // Weights in units of the elimination's multiply-adds (≈ 30·10⁹/s on the GEMM path),
    // fitted with `modular_speed --dixon/--hadamard` on low_400_{200,390,399} and
    // low_1000_{500,999} (2 cores, 2026-11-22): a lifting step streams B and B⁻¹ from
    // cache (≈ 12 per entry) plus 4 per entry and free column of arithmetic; the inverse
    // is GEMM-based (≈ 3·r³); reconstruction ≈ 17·limbs² per coordinate (GMP); the exact
    // check covers only the m − r rows outside the pivots.
    let lift = k_eff * r * r * (12.0 + 4.0 * s);
    let inverse = 3.0 * r * r * r;
    let reconstruct = 17.0 * r * s * limbs * limbs;
    let check = 6.0 * (m - r) * (r + 1.0) * s * (limbs + 1.0);
    let dixon = inverse + lift + reconstruct + check;
    dixon < hadamard
}

/// A basis of the rational kernel of `a` as the columns of an n × (n − r) integer matrix,
/// one column per free column f (ascending) with −d (d > 0) in row f, zero in the other
/// free rows and A·column = 0 proved (see the module docs); `None` when it could not be obtained from
/// `e` (which then does not describe a rank-r elimination of `a`, or entries are beyond
/// the lifting's i128 range).
///
/// ```
/// use exrank::modular::{dixon, rank_mod_p};
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![1, 2, 3], vec![2, 4, 6]]).unwrap();
/// let k = dixon::kernel_basis(&a, &rank_mod_p(&a, 101)).unwrap();
/// assert_eq!((k.rows(), k.cols()), (3, 2));
/// assert!(a.mul(&k).is_zero());
/// ```
pub fn kernel_basis(a: &ZMatrix, e: &ModElimination) -> Option<ZMatrix> {
    kernel_basis_of(&SmallEntries::new(a), e)
}

/// [`kernel_basis`] from the entries read once.
fn kernel_basis_of(entries: &SmallEntries, e: &ModElimination) -> Option<ZMatrix> {
    let (m, n) = (entries.rows(), entries.cols());
    let r = e.rank;
    let valid = |v: &[usize], lim: usize| {
        v.len() == r && v.windows(2).all(|w| w[0] < w[1]) && v.last().is_none_or(|&x| x < lim)
    };
    if !valid(&e.pivot_rows, m) || !valid(&e.pivot_cols, n) {
        return None;
    }
    let mut is_pivot = vec![false; n];
    for &j in &e.pivot_cols {
        is_pivot[j] = true;
    }
    let free: Vec<usize> = (0..n).filter(|&j| !is_pivot[j]).collect();
    if free.is_empty() {
        return Some(ZMatrix::zeros(n, 0));
    }
    if r == 0 {
        // Rank 0 is proved by A = 0; the kernel is everything.
        return entries
            .is_zero()
            .then(|| ZMatrix::from_fn(n, n, |i, j| if i == j { (-1).into() } else { 0.into() }));
    }
    let p = if (3..1 << 23).contains(&e.p) {
        e.p
    } else {
        FALLBACK_PRIME
    };
    let sol = solve(entries, &e.pivot_rows, &e.pivot_cols, &free, p)?;
    let mut k = ZMatrix::zeros(n, free.len());
    let mut proved = Vec::with_capacity(free.len());
    for (c, sol) in sol.into_iter().enumerate() {
        for (&j, v) in e.pivot_cols.iter().zip(sol.y) {
            k[(j, c)] = v;
        }
        k[(free[c], c)] = -sol.d;
        proved.push(sol.proved_on_pivots);
    }
    let mut pivot_row = vec![false; m];
    for &i in &e.pivot_rows {
        pivot_row[i] = true;
    }
    verify(entries, &k, &free, &|i, c| !(pivot_row[i] && proved[c])).then_some(k)
}

/// A·K = 0, exactly, on every row i and column c with `check(i, c)` (the others are proved
/// already), and K[free, :] = −diag(d) with every d > 0. Rows are read as doubles when
/// the entries are small (so a matrix held only as doubles is never made into GMP form).
fn verify(
    entries: &SmallEntries,
    k: &ZMatrix,
    free: &[usize],
    check: &(dyn Fn(usize, usize) -> bool + Sync),
) -> bool {
    for c in 0..free.len() {
        for (c2, &f2) in free.iter().enumerate() {
            let x = &k[(f2, c)];
            if (c == c2 && *x >= 0) || (c != c2 && *x != 0) {
                return false;
            }
        }
    }
    let (n, s) = (entries.cols(), k.cols());
    let values = entries.values();
    (0..entries.rows()).into_par_iter().all(|i| {
        let mut acc = Integer::new();
        (0..s).filter(|&c| check(i, c)).all(|c| {
            acc.assign(0);
            match values {
                Some(v) => {
                    for (j, &x) in v[i * n..(i + 1) * n].iter().enumerate() {
                        let y = &k[(j, c)];
                        if x != 0.0 && *y != 0 {
                            acc += y * (x as i64); // exact: |x| < 2⁵¹
                        }
                    }
                }
                None => {
                    for (j, x) in entries.matrix().row(i).iter().enumerate() {
                        let y = &k[(j, c)];
                        if *x == 0 || *y == 0 {
                            continue;
                        }
                        match x.to_i64() {
                            Some(small) => acc += y * small,
                            None => acc += y * x,
                        }
                    }
                }
            }
            acc == 0
        })
    })
}

/// The residual R and B in the widest cheap representation: doubles when every
/// intermediate of R − B·X is an integer below 2⁵², else i128.
enum Residual {
    F64 { b: Vec<f64>, res: Vec<f64> },
    I128 { b: Vec<i128>, res: Vec<i128> },
}

impl Residual {
    /// (B, R) in doubles when `fits(52)` (every intermediate below 2⁵²), else in i128 when
    /// `fits(125)`, each built by its closure; `None` when neither range holds.
    fn choose(
        fits: &dyn Fn(f64) -> bool,
        doubles: impl FnOnce() -> (Vec<f64>, Vec<f64>),
        words: impl FnOnce() -> (Vec<i128>, Vec<i128>),
    ) -> Option<Self> {
        if fits(52.0) {
            let (b, res) = doubles();
            Some(Residual::F64 { b, res })
        } else if fits(125.0) {
            let (b, res) = words();
            Some(Residual::I128 { b, res })
        } else {
            None
        }
    }
}

/// One free column's solution y/d of B·y = d·A[I, f], and whether B·y = d·A[I, f] is
/// already proved on the pivot rows (by the p-adic bound argument of [`proved_by_bound`]);
/// when not, the caller checks those rows exactly too.
struct Solution {
    y: Vec<Integer>,
    d: Integer,
    proved_on_pivots: bool,
}

/// A lifting in progress: each call to `step` returns the next digit matrix X (r × s
/// row-major, centred) and replaces R by (R − B·X)/p, checking that the division is
/// exact; `None` when it is not (B⁻¹ mod p was not an inverse).
pub(super) trait Lifting: Send {
    fn step(&mut self) -> Option<Vec<i32>>;
}

/// How many random combinations of the solution coordinates the early termination tracks:
/// the first two find the common denominator (one at a time by scalar reconstruction,
/// the second repairing a factor the first lost to a common divisor; or together by
/// vector reconstruction), the last tests it.
const COMBINATIONS: usize = 3;

/// The vector reconstruction ([`common_denominator`]) works on this many combinations and
/// needs about (1 + 1/c)·bits of the solution instead of 2·bits. Two rather than three:
/// since the steps got cheap (8.5 µs at n = 400) the lattice's cost dominates the choice.
/// At 3800-bit solutions (n = 400) c = 2 needs 5704 bits of modulus and 0.66 ms, c = 3
/// 5083 bits and 1.25 ms (`rational_reconstruction_speed 3800`): 27 more steps (0.23 ms)
/// for 0.6 ms less lattice. Measured: low_400_399 10 × best of 10, 11.1–15.1 →
/// 11.2–12.3 ms; low_1000_999 5 × best of 3, 124–138 → 120–133 ms.
const VECTOR_C: usize = COMBINATIONS - 1;

/// Vector reconstruction starts where a solution with this share of Hadamard's bits would
/// be reachable (see `solve`). Measured shares on products of random n × (n − 1) and
/// (n − 1) × n factors: 0.40 (entries ±1), 0.43 (±2), 0.45 (±10), 0.46–0.47 (±100,
/// n = 100 … 600), 0.47–0.48 (±1000, ±10⁴). A failed try costs as much as a successful
/// one (0.7 ms at n = 400, about 80 steps there), a try 1 % late only 1 % more steps,
/// so the start sits at the upper end of the common cases: 0.45 failed every other run
/// of the n = 400 benchmark (share 0.464); 0.47 took it from 12.4–13.6 to 11.7–12.4 ms
/// (with three combinations then).
const VECTOR_FLOOR: f64 = 0.47;

/// The first checkpoint for early termination, and the growth of the step count between
/// checkpoints until an attempt has been timed (see [`next_checkpoint`]).
const FIRST_CHECKPOINT: usize = 4;
const CHECKPOINT_GROWTH: f64 = 1.07;

/// Bounds of the checkpoints' relative growth δ.
const GROWTH_RANGE: (f64, f64) = (0.04, 0.25);

/// The checkpoint after one at k steps, the lifting having taken `lifting` so far and the
/// last attempt `attempt`. Checkpoints k(1 + δ)ⁱ overshoot the step where the solution
/// becomes reachable by δ/2 of the lifting time T on average, and attempts (whose cost A
/// grows about as k²) cost about A/(2δ) in all, half of it felt by the lifting (they run
/// on another core, but slow the steps and need waking): δ = √(A/(2T)) minimises the sum.
/// Where steps are cheap against attempts δ is large (n = 400, r = 399: A ≈ 0.15 ms,
/// T ≈ 2.3 ms, δ ≈ 0.18), where they are dear it is small (n = 1000: δ ≈ 0.08). Fixed
/// growths measured: 1.07 / 1.15 / 1.2 gave 11.3–12.0 / 10.9–11.2 / 10.8–11.6 ms at
/// n = 400 (6 × best of 10) and 114–124 / 119–138 / 128–140 ms at n = 1000.
fn next_checkpoint(k: usize, lifting: Duration, attempt: Option<Duration>) -> usize {
    let growth = match attempt {
        Some(a) if !lifting.is_zero() => {
            let (lo, hi) = GROWTH_RANGE;
            1.0 + (a.as_secs_f64() / (2.0 * lifting.as_secs_f64()))
                .sqrt()
                .clamp(lo, hi)
        }
        _ => CHECKPOINT_GROWTH,
    };
    ((k as f64 * growth) as usize).max(k + 1)
}

/// For each free column, (y, d) with B·y = d·A[I, f], d > 0, or `None`.
///
/// Lifting stops early (output-sensitive) at the first checkpoint where a candidate
/// reconstructed from random combinations is *proved* by [`proved_by_bound`]; otherwise
/// it runs to the Hadamard-based number of steps, where the reconstruction cannot fail
/// for an honest elimination.
fn solve(
    entries: &SmallEntries,
    rows: &[usize],
    cols: &[usize],
    free: &[usize],
    p: u64,
) -> Option<Vec<Solution>> {
    let r = rows.len();
    let s = free.len();
    // B⁻¹ mod p, centred, row-major.
    let words = WordEntries::gather(entries, rows, cols, free);
    let bres: Vec<u64> = match &words {
        Some(w) => {
            let f = GfpF64::new(p); // |v| < 2³¹: exact in the f64 reduction, no division
            w.b.par_iter().map(|&v| f.reduce(v) as u64).collect()
        }
        None => gather(entries.matrix(), rows, cols, |x| x.mod_u(p as u32) as u64),
    };
    // The sizes the lifting is planned with do not depend on the inverse: they are found
    // on the other worker meanwhile (the inverse leaves it idle in its smaller blocks).
    let digit_bits = u64::from(64 - p.leading_zeros()) - 1;
    let sizes = || {
        let ((num_sq, den_sq), max_bits, bounds) = match &words {
            Some(w) => {
                // One pass over B's rows serves all three.
                let rs = w.row_stats();
                (
                    w.bounds_sq(&rs),
                    (rs.b_bits(), w.rhs_bits()),
                    w.proof_bounds(&rs),
                )
            }
            None => {
                let a = entries.matrix();
                (
                    bounds_sq(a, rows, cols, free),
                    (
                        max_abs_bits(
                            rows.iter().flat_map(|&i| cols.iter().map(move |&j| (i, j))),
                            a,
                        ),
                        max_abs_bits(
                            rows.iter().flat_map(|&i| free.iter().map(move |&j| (i, j))),
                            a,
                        ),
                    ),
                    ProofBounds::new(a, rows, cols, free),
                )
            }
        };
        // p^k > 2·N·D  ⇐  (k·(bits(p) − 1)) ≥ bits(4·N²·D²)/2 + 1.
        let target = Integer::from(&num_sq * &den_sq) << 2u32;
        let need = u64::from(target.significant_bits()) / 2 + 1;
        let steps = need.div_ceil(digit_bits) as usize;
        let powers = square_powers(p, steps);
        (num_sq, den_sq, steps, max_bits, bounds, powers)
    };
    let (binv, (num_sq, den_sq, steps, (max_b, max_rhs), bounds, powers)) =
        rayon::join(|| super::inverse_mod_p::inverse_mod_p(&bres, r, p), sizes);
    let binv = binv?;
    // B mod p is spent; the n = 10 000 lifting holds few r² arrays, so each one counts.
    drop(bres);
    if steps as f64 * r as f64 * s as f64 * 4.0 > DIGIT_MEMORY_LIMIT {
        return None;
    }
    // |R| stays below max(rhs, r·|B|) and R − B·X below that plus r·|B|·p/2.
    let log_r = f64::from(usize::BITS - r.leading_zeros());
    let rb = log_r + f64::from(max_b);
    let worst = rb.max(f64::from(max_rhs)) + 1.0;
    let update = rb + f64::from(digit_bits as u32);
    let fits = |limit: f64| worst.max(update) + 1.0 < limit;
    let narrow = s < NARROW && max_b < 31 && r < 1 << 17 && fits(62.0);
    let folded = match &words {
        Some(w) if s <= FOLDED_MAX_COLUMNS => Folded::new(&w.b, &w.rhs, &binv, p, r, s),
        _ => None,
    };
    // Each lifting keeps its own forms of B and B⁻¹: the gathered words and the inverse
    // are freed here, not at the end of the lifting.
    let mut lifting: Box<dyn Lifting> = match (folded, words) {
        (Some(f), _) => {
            drop(binv);
            Box::new(f)
        }
        (None, Some(w)) if narrow => {
            let narrow = Narrow::new(&w, &binv, p);
            drop(binv);
            Box::new(narrow)
        }
        (None, Some(w)) => Box::new(Wide::from_words(&w, binv, p, &fits)?),
        (None, None) => Box::new(Wide::new(
            entries.matrix(),
            rows,
            cols,
            free,
            binv,
            p,
            &fits,
        )?),
    };
    let weights: Vec<Vec<i64>> = (0..COMBINATIONS)
        .map(|t| small_weights(r * s, t as u64))
        .collect();
    let mut combos: Vec<Vec<i64>> = (0..COMBINATIONS)
        .map(|_| Vec::with_capacity(steps))
        .collect();
    let mut digits: Vec<Arc<[i32]>> = Vec::with_capacity(steps);
    let mut checkpoint = FIRST_CHECKPOINT;
    // Vector reconstruction is tried at every checkpoint from where it could first succeed
    // when the solution has VECTOR_FLOOR of the bits Hadamard allows (products of random
    // factors have about half: B = L·R cancels L's share). Only a speed schedule: the
    // proof decides what is accepted.
    let hadamard_bits = f64::from(den_sq.significant_bits().max(num_sq.significant_bits())) / 2.0;
    let vector_from =
        ((1.0 + 1.0 / VECTOR_C as f64) * VECTOR_FLOOR * hadamard_bits / (p as f64).log2()) as usize;
    // Checkpoint attempts run beside the lifting, one at a time, on another worker of the
    // pool (where one step is a single task, that core would idle otherwise); the lifting
    // goes on meanwhile and stops for good only when an attempt succeeds.
    let candidate = AtomicBool::new(false);
    let started = AtomicUsize::new(0);
    // The last finished attempt's duration in ns (0: none yet), for `next_checkpoint`.
    let attempt_ns = AtomicU64::new(0);
    let lifting_start = Instant::now();
    let alone = rayon::current_num_threads() < 2;
    let early = rayon::scope(|scope| {
        let mut in_flight: Option<Receiver<Option<Vec<Solution>>>> = None;
        let mut launched = 0;
        // The first lattice attempt is placed where the solution is expected to become
        // reachable (`vector_from`), so the lifting waits for it (the lattice runs a
        // third slower beside the steps than alone); later ones, after a miss, run beside
        // the lifting like the scalar ones, so a large solution costs at most one wait.
        let mut first_lattice = true;
        let mut waiting_for_lattice = false;
        for k in 1..=steps {
            let x = lifting.step()?;
            for (combo, w) in combos.iter_mut().zip(&weights) {
                combo.push(x.iter().zip(w).map(|(&d, &w)| i64::from(d) * w).sum());
            }
            digits.push(x.into());
            if let Some(rx) = &in_flight {
                // A candidate that passed the test combination usually is the solution:
                // stop stepping and help with its proof rather than race it. And an
                // attempt no other worker has taken by the next checkpoint (a pool of one,
                // or one busy elsewhere) is run here, so early termination never waits
                // for the end.
                let untaken = started.load(Ordering::Acquire) < launched;
                let wait = waiting_for_lattice
                    || candidate.load(Ordering::Acquire)
                    || (untaken && (alone || k >= checkpoint));
                let outcome = if wait {
                    Some(wait_helping(rx))
                } else {
                    match rx.try_recv() {
                        Ok(res) => Some(res),
                        Err(TryRecvError::Empty) => None,
                        Err(TryRecvError::Disconnected) => Some(None),
                    }
                };
                if let Some(res) = outcome {
                    if res.is_some() {
                        return Some(res);
                    }
                    in_flight = None;
                    candidate.store(false, Ordering::Release);
                }
            }
            if in_flight.is_none() && k >= checkpoint && k < steps {
                let last = attempt_ns.load(Ordering::Acquire);
                let last = (last > 0).then(|| Duration::from_nanos(last));
                checkpoint = next_checkpoint(k, lifting_start.elapsed(), last);
                if k < vector_from {
                    // The first lattice attempt goes where it was planned.
                    checkpoint = checkpoint.min(vector_from);
                }
                let how = Reconstruction::at(k, p, k >= vector_from);
                let (tx, rx) = channel();
                let (digits, combos) = (digits.clone(), combos.clone());
                let (powers, bounds, candidate, started) = (&powers, &bounds, &candidate, &started);
                let attempt_ns = &attempt_ns;
                launched += 1;
                scope.spawn(move |_| {
                    started.fetch_add(1, Ordering::AcqRel);
                    let begun = Instant::now();
                    // The combinations' values, once per checkpoint.
                    let values: Vec<Integer> = combos.iter().map(|c| combine(c, powers)).collect();
                    let found = || candidate.store(true, Ordering::Release);
                    let res = try_early(&digits, &values, powers, p, r, s, bounds, how, &found);
                    attempt_ns.store(begun.elapsed().as_nanos().max(1) as u64, Ordering::Release);
                    // The receiver is gone only when the lifting itself failed.
                    let _ = tx.send(res);
                });
                in_flight = Some(rx);
                waiting_for_lattice = first_lattice && matches!(how, Reconstruction::Vector { .. });
                first_lattice &= !waiting_for_lattice;
            }
        }
        Some(in_flight.and_then(|rx| wait_helping(&rx)))
    })?;
    if early.is_some() {
        return early;
    }
    let modulus = Integer::u_pow_u(p as u32, steps as u32).complete();
    let num = num_sq.sqrt() + 1u32;
    let den = den_sq.sqrt() + 1u32;
    let mut out = Vec::with_capacity(s);
    for c in 0..s {
        let xs = coordinates(&digits, &powers, r, s, c);
        let (y, d) = final_denominator(&xs, &modulus, &num, &den)?;
        let proved_on_pivots = proved_by_bound(&bounds, c, &y, &d, &modulus);
        out.push(Solution {
            y,
            d,
            proved_on_pivots,
        });
    }
    Some(out)
}

/// What an attempt sent; meanwhile this worker runs other jobs of the pool (the attempt's
/// own parallel parts among them, or the attempt itself when no other worker took it)
/// instead of sleeping. A vanished sender (the attempt panicked) counts as a failed
/// attempt; the scope re-raises the panic.
fn wait_helping<T>(rx: &Receiver<Option<T>>) -> Option<T> {
    loop {
        match rx.try_recv() {
            Ok(res) => return res,
            Err(TryRecvError::Disconnected) => return None,
            Err(TryRecvError::Empty) => {
                if rayon::yield_now() != Some(rayon::Yield::Executed) {
                    std::hint::spin_loop();
                }
            }
        }
    }
}

/// u = Σᵢ Xᵢ pⁱ for every coordinate of free column `c`.
fn coordinates<D: AsRef<[i32]> + Sync>(
    digits: &[D],
    powers: &[Integer],
    r: usize,
    s: usize,
    c: usize,
) -> Vec<Integer> {
    (0..r)
        .into_par_iter()
        .map(|i| {
            let ds: Vec<i64> = digits
                .iter()
                .map(|d| i64::from(d.as_ref()[i * s + c]))
                .collect();
            combine(&ds, powers)
        })
        .collect()
}

/// Pseudo-random weights in [−2⁸, 2⁸] (a fixed LCG: reproducible runs; the weights only
/// decide how soon lifting stops, never what is proved).
fn small_weights(len: usize, seed: u64) -> Vec<i64> {
    let mut x = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x2545_F491_4F6C_DD1D;
    (0..len)
        .map(|_| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((x >> 40) % 513) as i64 - 256
        })
        .collect()
}

/// What the proof of B·y = d·b on the pivot rows needs: for each free column, the largest
/// |b_i| (b = A[I, f]), and max_i Σ_j |B_ij|.
struct ProofBounds {
    row_sum_max: Integer,
    rhs_max: Vec<Integer>,
}

impl ProofBounds {
    fn new(a: &ZMatrix, rows: &[usize], cols: &[usize], free: &[usize]) -> Self {
        let row_sum_max = rows
            .iter()
            .map(|&i| {
                cols.iter()
                    .map(|&j| a[(i, j)].clone().abs())
                    .sum::<Integer>()
            })
            .max()
            .unwrap_or_default();
        let rhs_max = free
            .iter()
            .map(|&f| {
                rows.iter()
                    .map(|&i| a[(i, f)].clone().abs())
                    .max()
                    .unwrap_or_default()
            })
            .collect();
        ProofBounds {
            row_sum_max,
            rhs_max,
        }
    }
}

/// The proof that B·y = d·b holds over Z (b = A[I, f] for free column `c`), given that
/// y ≡ d·u (mod M = pᵏ) where u = Σ Xᵢ pⁱ are the lifting's digits:
///
/// The lifting keeps the integer identity b − B·u = pᵏ·R (each step's division by p was
/// checked exact, and every operation is exact by the range analysis), whatever B⁻¹ mod p
/// was. Writing y − d·u = pᵏ·w gives B·y − d·b = pᵏ·(B·w − d·R) ≡ 0 (mod M). Every row of
/// it is at most Σⱼ|B_ij|·max|y| + d·max|b| in absolute value; when that is below M the
/// row is 0. A wrong B⁻¹, wrong pivots or a wrong candidate can only make y large (the
/// bound then fails), never make a nonzero row pass.
fn proved_by_bound(
    bounds: &ProofBounds,
    c: usize,
    y: &[Integer],
    d: &Integer,
    modulus: &Integer,
) -> bool {
    let ymax = y.iter().map(|v| v.clone().abs()).max().unwrap_or_default();
    let lhs = Integer::from(&bounds.row_sum_max * &ymax) + Integer::from(d * &bounds.rhs_max[c]);
    *d > 0 && lhs < *modulus
}

/// How [`try_early`] looks for the common denominator.
#[derive(Clone, Copy)]
enum Reconstruction {
    /// One combination at a time (needs pᵏ > 2·|num|·d).
    Scalar,
    /// [`VECTOR_C`] combinations at once, for d and numerators below 2^`bound_bits`
    /// (needs pᵏ ≳ 2^((1 + 1/c)·bound_bits)).
    Vector { bound_bits: u32 },
}

impl Reconstruction {
    /// The attempt at k steps: the lattice once `lattice` (from `vector_from` on), for the
    /// largest d and numerators it can single out modulo pᵏ (log₂ p exactly: the floor,
    /// one bit short per digit, put the first attempt on the benchmark's n = 1000 about 40
    /// steps late). No scalar attempt after that: it needs pᵏ above 2·|num|·d, so it only
    /// finds solutions of at most half the bits the lattice looks for, which the lattice
    /// finds too unless the combinations are degenerate (then the run goes on to the
    /// Hadamard bound, where nothing is early).
    fn at(k: usize, p: u64, lattice: bool) -> Self {
        if !lattice {
            return Reconstruction::Scalar;
        }
        let log_m = k as f64 * (p as f64).log2();
        let bits = log_m * VECTOR_C as f64 / (VECTOR_C as f64 + 1.0);
        Reconstruction::Vector {
            bound_bits: (bits as u32).saturating_sub(8),
        }
    }
}

/// Early termination at k steps: find a common denominator d of the combinations' values
/// Σ ρ·u (mod pᵏ) by rational reconstruction (scalar or vector), test it on a further
/// combination, then form every y = d·u (symmetric mod pᵏ) and accept only if
/// [`proved_by_bound`] holds for every free column. `None`: keep lifting.
#[allow(clippy::too_many_arguments)]
fn try_early<D: AsRef<[i32]> + Sync>(
    digits: &[D],
    values: &[Integer],
    powers: &[Integer],
    p: u64,
    r: usize,
    s: usize,
    bounds: &ProofBounds,
    how: Reconstruction,
    candidate_found: &dyn Fn(),
) -> Option<Vec<Solution>> {
    let k = digits.len();
    let modulus = Integer::u_pow_u(p as u32, k as u32).complete();
    let half = Integer::from(&modulus >> 1u32);
    let (d, small) = match how {
        Reconstruction::Scalar => {
            // Balanced bounds: |numerator|, d ≤ √(M/2), so 2·|num|·d ≤ M (unique fraction).
            let balance = half.clone().sqrt();
            let mut d = Integer::from(1);
            for v in &values[..VECTOR_C] {
                let t = centred(Integer::from(v * &d), &modulus, &half);
                if t.cmp_abs(&balance) == std::cmp::Ordering::Greater {
                    d *= denominator(&t, &modulus, &balance, &balance)?;
                    if d > balance {
                        return None;
                    }
                }
            }
            (d, balance)
        }
        Reconstruction::Vector { bound_bits } => {
            let d = common_denominator(&values[..VECTOR_C], &modulus, bound_bits)?;
            (d, Integer::from(1u32) << bound_bits)
        }
    };
    let test = centred(Integer::from(&values[VECTOR_C] * &d), &modulus, &half);
    if test.cmp_abs(&small) == std::cmp::Ordering::Greater {
        return None;
    }
    candidate_found();
    // The proof only needs y mod p^k' with p^k' above the bound it compares with, about
    // half of k here: estimate max|y| by the combinations (weighted sums of y, so rarely
    // smaller than max|y|), and fall back to all k digits if the estimate was short.
    let estimate = values
        .iter()
        .map(|v| centred(Integer::from(v * &d), &modulus, &half).abs())
        .max()
        .expect("combinations");
    let rhs_max = bounds.rhs_max.iter().max().cloned().unwrap_or_default();
    let need_bits = (bounds.row_sum_max.significant_bits() + estimate.significant_bits())
        .max(d.significant_bits() + rhs_max.significant_bits())
        + 17;
    // log₂ p a hair low, so that p^short ≥ 2^need_bits (the proof compares with the
    // true modulus anyway; the floor of log₂ p asked for 4% more digits than needed,
    // and the numerators' product grows with their square).
    let log_p = (p as f64).log2() - 1e-9;
    let short = ((f64::from(need_bits) / log_p).ceil() as usize).min(k);
    for k_used in [short, k] {
        if let Some(sol) = solutions_at(&digits[..k_used], powers, p, r, s, bounds, &d) {
            return Some(sol);
        }
        if k_used == k {
            break;
        }
    }
    None
}

/// Every free column's y = d·u (symmetric mod pᵏ, k = `digits.len()`), if all are proved
/// by [`proved_by_bound`].
fn solutions_at<D: AsRef<[i32]> + Sync>(
    digits: &[D],
    powers: &[Integer],
    p: u64,
    r: usize,
    s: usize,
    bounds: &ProofBounds,
    d: &Integer,
) -> Option<Vec<Solution>> {
    let modulus = Integer::u_pow_u(p as u32, digits.len() as u32).complete();
    let half = Integer::from(&modulus >> 1u32);
    let mut out = Vec::with_capacity(s);
    for c in 0..s {
        // One f64 product for all coordinates; coordinate by coordinate only if the sizes
        // leave it no exact chunk width.
        let y = scaled_coordinates(digits, p, (p - 1) / 2, s, c, d).unwrap_or_else(|| {
            coordinates(digits, powers, r, s, c)
                .into_par_iter()
                .map(|u| centred(u * d, &modulus, &half))
                .collect()
        });
        if !proved_by_bound(bounds, c, &y, d, &modulus) {
            return None;
        }
        out.push(Solution {
            y,
            d: d.clone(),
            proved_on_pivots: true,
        });
    }
    Some(out)
}

/// Up to this many free columns the folded lifting ([`Folded`]: one matrix–vector pass
/// over F per step for all columns) is preferred when the entries allow it; above, the
/// products of [`Wide`] have enough columns for GEMM to pay.
const FOLDED_MAX_COLUMNS: usize = 32;

/// Below this many free columns the lifting runs column by column on i32 dot products
/// (matrix–vector work, where GEMM has nothing to block).
const NARROW: usize = 4;

/// The lifting for a few right-hand sides with entries that fit the integer kernel:
/// B⁻¹ and B as i32 (4 bytes an entry: each step streams both matrices once, whatever the
/// number of columns), digits centred (|x| < 2²²), every dot product exact in i64 (the
/// caller checked r·|B|·p/2 and r·p²/4 below 2⁶²). Vectors are column-major (s × r).
struct Narrow {
    binv: Vec<i32>,
    b: Vec<i32>,
    res: Vec<i64>,
    p: i64,
    r: usize,
    s: usize,
}

impl Narrow {
    /// From the gathered entries (B fits i32: the caller checked its bits).
    fn new(w: &WordEntries, binv: &[f64], p: u64) -> Self {
        let (r, s) = (w.r, w.s);
        let mut res = vec![0i64; r * s]; // column-major
        for i in 0..r {
            for c in 0..s {
                res[c * r + i] = w.rhs[i * s + c];
            }
        }
        Narrow {
            binv: binv.iter().map(|&v| v as i32).collect(),
            b: w.b.iter().map(|&v| v as i32).collect(),
            res,
            p: p as i64,
            r,
            s,
        }
    }
}

/// Division-free arithmetic on i64 modulo a prime below 2²³: the quotient comes from a
/// floating-point estimate and is corrected exactly in integers (the lifting does four
/// reductions per row and step, and hardware division would be a tenth of its time).
#[derive(Clone, Copy)]
pub(super) struct ModI64 {
    p: i64,
    half: i64,
    pinv: f64,
}

impl ModI64 {
    pub(super) fn new(p: u64) -> Self {
        ModI64 {
            p: p as i64,
            half: (p as i64 - 1) / 2,
            pinv: 1.0 / p as f64,
        }
    }

    /// (q, c) with v = q·p + c and c centred, for any |v| < 2⁶².
    #[inline(always)]
    pub(super) fn div_centred(self, v: i64) -> (i64, i64) {
        // Branch-free: the folded lifting runs this on every row of every step, where the
        // old correction loops mispredicted about every other time. The truncated first
        // estimate is within 1 + 2¹²/p of v/p (fl(v) is within 2⁹ of v), so |c| < p + 2¹²;
        // the second, rounded to nearest (adding 1.5·2⁵² rounds), leaves |c| ≤ (p + 1)/2,
        // and one correction either way centres it. v = q·p + c holds throughout.
        const ROUND: f64 = 6_755_399_441_055_744.0; // 1.5·2⁵²

        // SAFETY: both values are finite and below 2⁶² in absolute value (|v| < 2⁶²,
        // p ≥ 2), so the casts are exact truncations.
        let mut q = unsafe { (v as f64 * self.pinv).to_int_unchecked::<i64>() };
        let mut c = v - q * self.p;
        let q2 = unsafe { ((c as f64 * self.pinv + ROUND) - ROUND).to_int_unchecked::<i64>() };
        q += q2;
        c -= q2 * self.p;
        let up = i64::from(c > self.half);
        let down = i64::from(c < -self.half);
        (q + up - down, c + (down - up) * self.p)
    }

    /// The centred residue of any |v| < 2⁶².
    #[inline(always)]
    fn centre(self, v: i64) -> i64 {
        self.div_centred(v).1
    }

    /// v / p when p divides v exactly (|v| < 2⁶²), else `None`.
    #[inline(always)]
    fn exact_div(self, v: i64) -> Option<i64> {
        let (q, c) = self.div_centred(v);
        (c == 0).then_some(q)
    }
}

impl Lifting for Narrow {
    fn step(&mut self) -> Option<Vec<i32>> {
        let (r, s) = (self.r, self.s);
        let m = ModI64::new(self.p as u64);
        let rm: Vec<i32> = self.res.iter().map(|&v| m.centre(v) as i32).collect();
        // Phase 1, rows in parallel: digits X = B⁻¹·rm mod p (row-major r × s).
        let mut digit = vec![0i32; r * s];
        mat_multi_vec(&self.binv, &rm, &mut digit, r, &|dots, out| {
            for (o, &d) in out.iter_mut().zip(dots) {
                *o = m.centre(d) as i32;
            }
            true
        });
        let mut x = vec![0i32; r * s];
        for i in 0..r {
            for c in 0..s {
                x[c * r + i] = digit[i * s + c];
            }
        }
        // Phase 2: R ← (R − B·X)/p, each division checked exact.
        let res = &self.res;
        let mut next = vec![0i64; r * s]; // row-major
        let ok = mat_multi_vec_rows(&self.b, &x, &mut next, r, &|row0, dots, out| {
            for (di, (o_row, d_row)) in out
                .chunks_exact_mut(s)
                .zip(dots.chunks_exact(s))
                .enumerate()
            {
                let i = row0 + di;
                for (c, (o, &d)) in o_row.iter_mut().zip(d_row).enumerate() {
                    match m.exact_div(res[c * r + i] - d) {
                        Some(q) => *o = q,
                        None => return false, // B⁻¹ was not an inverse: the pivots lied
                    }
                }
            }
            true
        });
        if !ok {
            return None;
        }
        for i in 0..r {
            for c in 0..s {
                self.res[c * r + i] = next[i * s + c];
            }
        }
        Some(digit)
    }
}

/// Rows per task of a lifting step's matrix product: a task streams its rows, so below
/// this the thread hand-off costs more than it saves.
const PAR_ROWS: usize = 128;

/// Matrices with fewer entries than this are multiplied on one thread: a step then takes
/// tens of µs, and waking the pool for it cost more than it saved (n = 400, r = 399:
/// a quarter of the samples were in the scheduler).
const PAR_MIN_ENTRIES: usize = 1 << 18;

/// How many tasks a lifting step's product of a `rows`-row matrix with `entries` entries
/// is split into (shared by [`mat_multi_vec`] and the folded lifting's byte planes).
pub(super) fn step_tasks(entries: usize, rows: usize) -> usize {
    if entries < PAR_MIN_ENTRIES {
        1
    } else {
        rayon::current_num_threads().min(rows / PAR_ROWS).max(1)
    }
}

/// `out[i·s + c] = post(Σₜ m[i·n + t]·v[c·n + t])` (n columns of the row-major m, s
/// column-major vectors, sums in i64), rows split over the rayon pool with `post` run by
/// the same task on its rows (it returns `false` to report a failure). Each row is read
/// once for all s vectors: the matrix streams from cache once a step, the whole cost.
pub(super) fn mat_multi_vec<T: Send>(
    m: &[i32],
    v: &[i32],
    out: &mut [T],
    n: usize,
    post: &(dyn Fn(&[i64], &mut [T]) -> bool + Sync),
) -> bool {
    mat_multi_vec_rows(m, v, out, n, &|_, dots, o| post(dots, o))
}

/// What a task of [`mat_multi_vec_rows`] does with its rows' sums: (first row, sums,
/// output rows) → success.
type RowPost<'a, T> = dyn Fn(usize, &[i64], &mut [T]) -> bool + Sync + 'a;

/// [`mat_multi_vec`] with the index of each task's first row passed to `post`.
fn mat_multi_vec_rows<T: Send>(
    m: &[i32],
    v: &[i32],
    out: &mut [T],
    n: usize,
    post: &RowPost<T>,
) -> bool {
    let s = v.len() / n;
    let rows = m.len() / n;
    let tasks = step_tasks(m.len(), rows);
    let per = rows.div_ceil(tasks);
    let run = |t: usize, o: &mut [T], mm: &[i32]| {
        let mut dots = vec![0i64; o.len()];
        mat_multi_vec_seq(mm, v, &mut dots, n);
        post(t * per, &dots, o)
    };
    if tasks == 1 {
        return run(0, out, m);
    }
    out.par_chunks_mut(per * s)
        .zip(m.par_chunks(per * n))
        .enumerate()
        .map(|(t, (o, mm))| run(t, o, mm))
        .reduce(|| true, |x, y| x && y)
}

/// The sequential part of [`mat_multi_vec`], compiled for AVX-512 or AVX2 when the CPU has
/// them (the i64 sums vectorise only there).
fn mat_multi_vec_seq(m: &[i32], v: &[i32], out: &mut [i64], n: usize) {
    use mat_multi_vec_portable as body;
    #[cfg(target_arch = "x86_64")]
    {
        #[target_feature(enable = "avx512f,avx512dq,avx512bw,avx512vl")]
        unsafe fn wide(m: &[i32], v: &[i32], out: &mut [i64], n: usize) {
            body(m, v, out, n)
        }
        #[target_feature(enable = "avx2")]
        unsafe fn avx2(m: &[i32], v: &[i32], out: &mut [i64], n: usize) {
            body(m, v, out, n)
        }
        if std::arch::is_x86_feature_detected!("avx512dq") {
            // SAFETY: the CPU supports the features `wide` was compiled for.
            return unsafe { wide(m, v, out, n) };
        }
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: as above.
            return unsafe { avx2(m, v, out, n) };
        }
    }
    body(m, v, out, n)
}

/// The portable body of [`mat_multi_vec_seq`] (also the fallback without AVX2).
#[inline(always)]
fn mat_multi_vec_portable(m: &[i32], v: &[i32], out: &mut [i64], n: usize) {
    let s = v.len() / n;
    for (o, row) in out.chunks_exact_mut(s).zip(m.chunks_exact(n)) {
        for (oc, vc) in o.iter_mut().zip(v.chunks_exact(n)) {
            *oc = row
                .iter()
                .zip(vc)
                .map(|(&x, &y)| i64::from(x) * i64::from(y))
                .sum();
        }
    }
}

/// The lifting for many right-hand sides (or wide entries): digits by f64 matrix products
/// in exact chunks; residual in doubles when exact, else in i128. Row-major r × s.
struct Wide {
    residual: Residual,
    binv: Vec<f64>,
    f: GfpF64,
    p: u64,
    r: usize,
    s: usize,
}

impl Wide {
    fn new(
        a: &ZMatrix,
        rows: &[usize],
        cols: &[usize],
        free: &[usize],
        binv: Vec<f64>,
        p: u64,
        fits: &dyn Fn(f64) -> bool,
    ) -> Option<Self> {
        let residual = Residual::choose(
            fits,
            || {
                let b = gather(a, rows, cols, |x| x.to_f64());
                (b, gather(a, rows, free, |x| x.to_f64()))
            },
            || {
                let b = gather(a, rows, cols, |x| x.to_i128().expect("checked bits"));
                (
                    b,
                    gather(a, rows, free, |x| x.to_i128().expect("checked bits")),
                )
            },
        )?;
        Some(Wide::with(residual, binv, p, rows.len(), free.len()))
    }

    /// [`Wide::new`] from B and the right-hand sides already gathered as words (so a
    /// matrix held only as doubles is not made into GMP form for them).
    fn from_words(
        w: &WordEntries,
        binv: Vec<f64>,
        p: u64,
        fits: &dyn Fn(f64) -> bool,
    ) -> Option<Self> {
        let residual = Residual::choose(
            fits,
            || (w.b.clone(), w.rhs.iter().map(|&v| v as f64).collect()),
            || {
                let b = w.b.iter().map(|&v| v as i128).collect();
                (b, w.rhs.iter().map(|&v| i128::from(v)).collect())
            },
        )?;
        Some(Wide::with(residual, binv, p, w.r, w.s))
    }

    fn with(residual: Residual, binv: Vec<f64>, p: u64, r: usize, s: usize) -> Self {
        Wide {
            residual,
            binv,
            f: GfpF64::new(p),
            p,
            r,
            s,
        }
    }
}

impl Lifting for Wide {
    fn step(&mut self) -> Option<Vec<i32>> {
        let (r, s, p, f) = (self.r, self.s, self.p, self.f);
        let half = ((p - 1) / 2) as f64;
        let centre = |v: f64| if v > half { v - p as f64 } else { v };
        let par = if r * r * s >= 1 << 22 {
            Par::rayon(0)
        } else {
            Par::Seq
        };
        // rm = R mod p, centred.
        let rm: Vec<f64> = match &self.residual {
            Residual::F64 { res, .. } => res.iter().map(|&v| centre(f.reduce(v))).collect(),
            Residual::I128 { res, .. } => res
                .iter()
                .map(|&v| centre(v.rem_euclid(p as i128) as f64))
                .collect(),
        };
        // X = B⁻¹·rm mod p, in exact chunks of the inner dimension.
        let mut x = vec![0.0f64; r * s];
        let chunk = f.chunk();
        let mut t0 = 0;
        while t0 < r {
            let kc = chunk.min(r - t0);
            let lv = MatRef::from_row_major_slice_with_stride(&self.binv[t0..], r, kc, r);
            let rv = MatRef::from_row_major_slice(&rm[t0 * s..(t0 + kc) * s], kc, s);
            let xv = MatMut::from_row_major_slice_mut(&mut x, r, s);
            faer::linalg::matmul::matmul(xv, Accum::Add, lv, rv, 1.0, par);
            for v in x.iter_mut() {
                *v = f.reduce(*v);
            }
            t0 += kc;
        }
        for v in x.iter_mut() {
            *v = centre(*v);
        }
        // R ← (R − B·X)/p, exactly.
        match &mut self.residual {
            Residual::F64 { b, res } => {
                let bv = MatRef::from_row_major_slice(b, r, r);
                let xv = MatRef::from_row_major_slice(&x, r, s);
                let dv = MatMut::from_row_major_slice_mut(res, r, s);
                faer::linalg::matmul::matmul(dv, Accum::Add, bv, xv, -1.0, par);
                let pf = p as f64;
                for v in res.iter_mut() {
                    let q = (*v / pf).round();
                    if *v - q * pf != 0.0 {
                        return None; // B⁻¹ was not an inverse: the pivots lied
                    }
                    *v = q;
                }
            }
            Residual::I128 { b, res } => {
                let xi: Vec<i128> = x.iter().map(|&v| v as i128).collect();
                for i in 0..r {
                    let brow = &b[i * r..(i + 1) * r];
                    for c in 0..s {
                        let mut acc = res[i * s + c];
                        for (t, &bv) in brow.iter().enumerate() {
                            acc -= bv * xi[t * s + c];
                        }
                        if acc.rem_euclid(p as i128) != 0 {
                            return None;
                        }
                        res[i * s + c] = acc / p as i128;
                    }
                }
            }
        }
        Some(x.iter().map(|&v| v as i32).collect())
    }
}

/// B = A[I, J] (r × r) and the right-hand sides A[I, free] (r × s), row-major, when every
/// entry is below 2³¹ in absolute value: then the bounds below are machine-word sums
/// (squares below 2⁶², sums of them in u128) instead of one big-integer operation per
/// entry, which cost more than the inverse at n = 1000.
struct WordEntries {
    /// B, integers below 2³¹ as doubles (the form the folded lifting's product takes).
    b: Vec<f64>,
    rhs: Vec<i64>,
    r: usize,
    s: usize,
}

impl WordEntries {
    fn gather(
        entries: &SmallEntries,
        rows: &[usize],
        cols: &[usize],
        free: &[usize],
    ) -> Option<Self> {
        let (r, s) = (rows.len(), free.len());
        let mut b = vec![0.0f64; r * cols.len()];
        let mut rhs = vec![0i64; r * s];
        // From the doubles read once when there are any; else each entry is a pointer
        // chase to its limb (memory-latency bound, rows in parallel).
        let n = entries.cols();
        let word = |i: usize, j: usize| {
            let v = match entries.values() {
                Some(v) => v[i * n + j],
                None => small_value(&entries.matrix().row(i)[j])?,
            };
            (v.abs() < 2_147_483_648.0).then_some(v)
        };
        fn fill<T>(out: &mut [T], js: &[usize], value: impl Fn(usize) -> Option<T>) -> bool {
            js.iter()
                .zip(out)
                .all(|(&j, o)| value(j).map(|w| *o = w).is_some())
        }
        let rows_ok = b
            .par_chunks_mut(cols.len().max(1))
            .zip(rhs.par_chunks_mut(s.max(1)))
            .zip(rows)
            .with_min_len(16)
            .all(|((pb, pf), &i)| {
                fill(pb, cols, |j| word(i, j)) && fill(pf, free, |j| word(i, j).map(|w| w as i64))
            });
        if !rows_ok {
            return None;
        }
        Some(WordEntries {
            b,
            rhs,
            r: rows.len(),
            s: free.len(),
        })
    }

    /// Per row of B: Σ B_ij², and the same plus the largest squared right-hand side; and
    /// over all rows the largest Σⱼ|B_ij| and max|B_ij| (rows in parallel, one pass).
    fn row_stats(&self) -> RowStats {
        let (r, s) = (self.r, self.s);
        let per_row: Vec<(u128, u128, u64, f64)> = (0..r)
            .into_par_iter()
            .with_min_len(16)
            .map(|i| {
                let (mut sq, mut abs_sum, mut abs_max) = (0u128, 0u64, 0.0f64);
                for &v in &self.b[i * r..(i + 1) * r] {
                    sq += square(v as i64);
                    abs_sum += v.abs() as u64;
                    abs_max = abs_max.max(v.abs());
                }
                let frow = &self.rhs[i * s..(i + 1) * s];
                let with_rhs = sq + frow.iter().map(|&v| square(v)).max().unwrap_or(0);
                (sq, with_rhs, abs_sum, abs_max)
            })
            .collect();
        RowStats {
            sq: per_row.iter().map(|t| t.0).collect(),
            sq_with_rhs: per_row.iter().map(|t| t.1).collect(),
            abs_sum_max: per_row.iter().map(|t| t.2).max().unwrap_or(0),
            abs_max: per_row.iter().map(|t| t.3).fold(0.0, f64::max),
        }
    }

    fn rhs_bits(&self) -> u32 {
        bits_of(&self.rhs)
    }

    /// [`bounds_sq`] on these entries (B's columns in blocks, in parallel), with the rows'
    /// sums from [`Self::row_stats`].
    fn bounds_sq(&self, rs: &RowStats) -> (Integer, Integer) {
        let (r, s) = (self.r, self.s);
        let mut col_sq = vec![0u128; r + s];
        const BLOCK: usize = 64;
        col_sq[..r]
            .par_chunks_mut(BLOCK)
            .enumerate()
            .for_each(|(blk, out)| {
                let j0 = blk * BLOCK;
                for row in self.b.chunks_exact(r.max(1)) {
                    for (o, &v) in out.iter_mut().zip(&row[j0..]) {
                        *o += square(v as i64);
                    }
                }
            });
        for (c, out) in col_sq[r..].iter_mut().enumerate() {
            *out = (0..r).map(|i| square(self.rhs[i * s + c])).sum();
        }
        let den_cols = product(&col_sq[..r]);
        let den_rows = product(&rs.sq);
        let num_rows = product(&rs.sq_with_rhs);
        col_sq.sort_unstable_by(|x, y| y.cmp(x));
        let num_cols = product(&col_sq[..r]);
        (num_rows.min(num_cols), den_rows.min(den_cols))
    }

    /// [`ProofBounds::new`] on these entries, with the row sums from [`Self::row_stats`].
    fn proof_bounds(&self, rs: &RowStats) -> ProofBounds {
        let (r, s) = (self.r, self.s);
        let rhs_max = (0..s)
            .map(|c| {
                let m = (0..r).map(|i| self.rhs[i * s + c].unsigned_abs()).max();
                Integer::from(m.unwrap_or(0))
            })
            .collect();
        ProofBounds {
            row_sum_max: Integer::from(rs.abs_sum_max),
            rhs_max,
        }
    }
}

/// What [`WordEntries::row_stats`] finds in one pass over B.
struct RowStats {
    /// Σⱼ B_ij² per row.
    sq: Vec<u128>,
    /// The same plus the row's largest squared right-hand side.
    sq_with_rhs: Vec<u128>,
    /// maxᵢ Σⱼ|B_ij| (below r·2³¹).
    abs_sum_max: u64,
    /// max|B_ij|.
    abs_max: f64,
}

impl RowStats {
    /// Bits of max|B_ij|.
    fn b_bits(&self) -> u32 {
        64 - (self.abs_max as u64).leading_zeros()
    }
}

/// v² as an unsigned word pair (|v| < 2⁶³).
fn square(v: i64) -> u128 {
    (i128::from(v) * i128::from(v)) as u128
}

/// Bits of the largest absolute value.
fn bits_of(v: &[i64]) -> u32 {
    let m = v
        .par_chunks(1 << 14)
        .map(|c| c.iter().map(|x| x.unsigned_abs()).max().unwrap_or(0))
        .max()
        .unwrap_or(0);
    u64::BITS - m.leading_zeros()
}

/// The product of machine words as an integer, by halves (balanced operand sizes).
fn product(v: &[u128]) -> Integer {
    match v.len() {
        0 => Integer::from(1),
        1 => Integer::from(v[0]),
        n => product(&v[..n / 2]) * product(&v[n / 2..]),
    }
}

/// Entries A[i, j] for i in `rows`, j in `cols`, row-major, converted by `conv`.
fn gather<T>(a: &ZMatrix, rows: &[usize], cols: &[usize], conv: impl Fn(&Integer) -> T) -> Vec<T> {
    rows.iter()
        .flat_map(|&i| cols.iter().map(move |&j| (i, j)))
        .map(|(i, j)| conv(&a[(i, j)]))
        .collect()
}

fn max_abs_bits(idx: impl Iterator<Item = (usize, usize)>, a: &ZMatrix) -> u32 {
    idx.map(|(i, j)| a[(i, j)].significant_bits())
        .max()
        .unwrap_or(0)
}

/// (N², D²): D bounds |det B|, N every Cramer numerator det(B with one column replaced by
/// a free column). Both by Hadamard, by rows and by columns, whichever is smaller; N uses
/// the r largest column norms among J ∪ free and, by rows, each row's norm over J plus its
/// largest free entry, so one bound serves every free column.
fn bounds_sq(a: &ZMatrix, rows: &[usize], cols: &[usize], free: &[usize]) -> (Integer, Integer) {
    let r = rows.len();
    let sq = |x: &Integer| Integer::from(x.square_ref());
    let col_sq = |j: usize| -> Integer { rows.iter().map(|&i| sq(&a[(i, j)])).sum() };
    let mut jcols: Vec<Integer> = cols.iter().map(|&j| col_sq(j)).collect();
    let fcols: Vec<Integer> = free.iter().map(|&j| col_sq(j)).collect();
    let den_cols: Integer = jcols.iter().product();
    let mut row_j = Vec::with_capacity(r);
    let mut row_jf = Vec::with_capacity(r);
    for &i in rows {
        let base: Integer = cols.iter().map(|&j| sq(&a[(i, j)])).sum();
        let extra = free
            .iter()
            .map(|&j| sq(&a[(i, j)]))
            .max()
            .unwrap_or_default();
        row_jf.push(Integer::from(&base + &extra));
        row_j.push(base);
    }
    let den_rows: Integer = row_j.iter().product();
    let num_rows: Integer = row_jf.iter().product();
    jcols.extend(fcols);
    jcols.sort_unstable_by(|x, y| y.cmp(x));
    let num_cols: Integer = jcols.iter().take(r).product();
    (num_rows.min(num_cols), den_rows.min(den_cols))
}

/// p^(2^j) for every j with 2^j < `steps`.
fn square_powers(p: u64, steps: usize) -> Vec<Integer> {
    let mut out = vec![Integer::from(p)];
    while (1usize << out.len()) < steps {
        let last = out.last().expect("nonempty");
        out.push(last.square_ref().complete());
    }
    out
}

/// Σ dᵢ pⁱ by halves: low + p^(2^j)·high with 2^j the largest power of two below the length;
/// up to five digits are summed in i128 when that is exact (checked; five 23-bit digits
/// are), which saves most of the small big-integer operations.
fn combine(ds: &[i64], powers: &[Integer]) -> Integer {
    if ds.len() <= 5 {
        let p = i128::from(powers[0].to_i64().expect("p is a word"));
        let small = ds.iter().rev().try_fold(0i128, |acc, &d| {
            acc.checked_mul(p)?.checked_add(i128::from(d))
        });
        if let Some(v) = small {
            return Integer::from(v);
        }
    }
    if ds.len() == 1 {
        return Integer::from(ds[0]);
    }
    let j = (usize::BITS - 1 - (ds.len() - 1).leading_zeros()) as usize;
    let h = 1usize << j;
    let low = combine(&ds[..h], powers);
    let high = combine(&ds[h..], powers);
    // A fresh product of the right size (growing `high` in place reallocated and copied).
    let mut out = (&high * &powers[j]).complete();
    out += low;
    out
}

/// From x ≡ y/d mod M (each coordinate), d > 0 the common denominator: reconstruct the
/// first coordinate that `d` does not make small, multiply it in, repeat. Returns (y, d)
/// with every |yᵢ| ≤ `num` and d ≤ `den`, or `None`.
fn final_denominator(
    xs: &[Integer],
    modulus: &Integer,
    num: &Integer,
    den: &Integer,
) -> Option<(Vec<Integer>, Integer)> {
    let half = Integer::from(modulus >> 1u32);
    let mut d = Integer::from(1);
    'refine: for _ in 0..64 {
        let mut ys = Vec::with_capacity(xs.len());
        for x in xs {
            let y = centred(Integer::from(x * &d), modulus, &half);
            if y.cmp_abs(num) == std::cmp::Ordering::Greater {
                let extra = denominator(&y, modulus, num, den)?;
                d *= extra;
                if d > *den {
                    return None;
                }
                continue 'refine;
            }
            ys.push(y);
        }
        return Some((ys, d));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::modular::rank_mod_p;

    const P: u64 = 8_388_593;

    #[test]
    fn narrow_and_wide_liftings_give_the_same_digits() {
        // Narrow is the fallback for word entries the folded lifting refuses (F beyond
        // i32): its digits must be those of the i128 plain lifting (Wide).
        let (r, s) = (30, 2);
        let mut x = 17u64;
        let a = ZMatrix::from_fn(r, r + s, |_, _| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((x >> 33) as i64 % 2001 - 1000).into()
        });
        let rows: Vec<usize> = (0..r).collect();
        let free = [r, r + 1];
        let w = WordEntries::gather(&SmallEntries::new(&a), &rows, &rows, &free).unwrap();
        let bres: Vec<u64> =
            w.b.iter()
                .map(|&v| (v as i64).rem_euclid(P as i64) as u64)
                .collect();
        let binv = super::super::inverse_mod_p::inverse_mod_p(&bres, r, P).unwrap();
        let mut narrow = Narrow::new(&w, &binv, P);
        let wide = |limit: f64| {
            Wide::new(&a, &rows, &rows, &free, binv.clone(), P, &move |l| {
                l > limit
            })
        };
        let words = |limit: f64| Wide::from_words(&w, binv.clone(), P, &move |l| l > limit);
        // i128 and f64 residuals, each from the GMP matrix and from the gathered words.
        let mut wides = [wide(124.0), wide(51.0), words(124.0), words(51.0)].map(Option::unwrap);
        for k in 0..10 {
            let digits = narrow.step().unwrap();
            for (v, other) in wides.iter_mut().enumerate() {
                assert_eq!(digits, other.step().unwrap(), "step {k}, variant {v}");
            }
        }
    }

    #[test]
    fn word_bounds_equal_the_big_integer_bounds() {
        // The proof compares against ProofBounds: the machine-word versions must give the
        // same values as the big-integer ones, on scattered pivots and free columns with
        // entries up to the 2³¹ limit (so squares and sums need the u128/i64 widths).
        let (m, n) = (9, 11);
        let mut x = 5u64;
        let a = ZMatrix::from_fn(m, n, |_, _| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let v = (x >> 33) as i64 % (1i64 << 31);
            (if x & 1 == 0 { v } else { -v }).into()
        });
        let (rows, cols, free) = ([0, 2, 3, 5, 8], [1, 2, 4, 7, 10], [0, 5, 9]);
        let w = WordEntries::gather(&SmallEntries::new(&a), &rows, &cols, &free)
            .expect("entries below 2^31");
        // The same words when the entries are read from the big integers (an entry of
        // 2⁶⁰ outside the chosen rows leaves no doubles to read from).
        let mut huge = a.clone();
        huge[(1, 3)] = (1i64 << 60).into();
        let huge_entries = SmallEntries::new(&huge);
        assert!(huge_entries.values().is_none());
        let from_integers = WordEntries::gather(&huge_entries, &rows, &cols, &free).unwrap();
        assert_eq!((&from_integers.b, &from_integers.rhs), (&w.b, &w.rhs));
        let rs = w.row_stats();
        assert_eq!(w.bounds_sq(&rs), bounds_sq(&a, &rows, &cols, &free));
        let (wb, bb) = (
            w.proof_bounds(&rs),
            ProofBounds::new(&a, &rows, &cols, &free),
        );
        assert_eq!((wb.row_sum_max, wb.rhs_max), (bb.row_sum_max, bb.rhs_max));
        let pairs = |cs: &[usize]| -> Vec<(usize, usize)> {
            rows.iter()
                .flat_map(|&i| cs.iter().map(move |&j| (i, j)))
                .collect()
        };
        assert_eq!(rs.b_bits(), max_abs_bits(pairs(&cols).into_iter(), &a));
        assert_eq!(w.rhs_bits(), max_abs_bits(pairs(&free).into_iter(), &a));
        // One entry at 2³¹ leaves the word path (the big-integer one takes over).
        let mut big = a.clone();
        big[(3, 7)] = (1i64 << 31).into();
        assert!(WordEntries::gather(&SmallEntries::new(&big), &rows, &cols, &free).is_none());
        big[(1, 3)] = (1i64 << 60).into(); // and read from the big integers
        assert!(WordEntries::gather(&SmallEntries::new(&big), &rows, &cols, &free).is_none());
    }

    #[test]
    fn matrix_vector_kernels_agree_with_a_naive_product() {
        let (rows, n, s) = (300, 37, 3);
        let m: Vec<i32> = (0..rows * n)
            .map(|i| ((i * 7919) % 4_194_301) as i32 - 2_097_150)
            .collect();
        let v: Vec<i32> = (0..s * n)
            .map(|i| ((i * 104_729) % 4_194_301) as i32 - 2_097_150)
            .collect();
        let naive: Vec<i64> = (0..rows * s)
            .map(|k| {
                let (i, c) = (k / s, k % s);
                (0..n)
                    .map(|t| i64::from(m[i * n + t]) * i64::from(v[c * n + t]))
                    .sum()
            })
            .collect();
        let mut portable = vec![0i64; rows * s];
        mat_multi_vec_portable(&m, &v, &mut portable, n);
        let mut dispatched = vec![0i64; rows * s];
        mat_multi_vec_seq(&m, &v, &mut dispatched, n);
        let mut parallel = vec![0i64; rows * s];
        assert!(mat_multi_vec(&m, &v, &mut parallel, n, &|d, o| {
            o.copy_from_slice(d);
            true
        }));
        assert_eq!(portable, naive);
        assert_eq!(dispatched, naive);
        assert_eq!(parallel, naive);
    }

    #[test]
    fn division_free_residues_are_exact() {
        for p in [3u64, 101, P] {
            let m = ModI64::new(p);
            let (pi, half) = (p as i64, (p as i64 - 1) / 2);
            for v in [
                0i64,
                1,
                -1,
                pi,
                -pi,
                half,
                half + 1,
                (1 << 61) + 12345,
                -(1 << 61) - 7,
                987_654_321_987,
            ] {
                let c = m.centre(v);
                assert!(
                    c.abs() <= half && (v - c).rem_euclid(pi) == 0,
                    "p={p} v={v}"
                );
                assert_eq!(m.exact_div(v), (v % pi == 0).then_some(v / pi));
            }
        }
        // The whole range, at every size of p (odd composites included: the lifting
        // accepts any odd modulus): v = q·p + c with c centred.
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        for p in [
            3u64,
            5,
            7,
            9,
            101,
            4099,
            65_537,
            1_048_573,
            (1 << 23) - 1,
            P,
        ] {
            let m = ModI64::new(p);
            let (pi, half) = (p as i64, (p as i64 - 1) / 2);
            for t in 0..20_000 {
                x = x
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                // Magnitudes spread over every bit length up to 2⁶² − 1.
                let v = ((x >> 2) as i64 >> (t % 62)) * if t % 2 == 0 { 1 } else { -1 };
                let v = if t < 4 {
                    [(1 << 62) - 1, 1 - (1 << 62), half, -half][t]
                } else {
                    v
                };
                let (q, c) = m.div_centred(v);
                assert!(
                    c.abs() <= half
                        && i128::from(q) * i128::from(pi) + i128::from(c) == i128::from(v),
                    "p={p} v={v} q={q} c={c}"
                );
            }
        }
    }

    /// A = [B | B·y] with y = (1 + p⁵·c, 1, …, 1): modulo p⁴ and p⁵ the lifting's digits
    /// look exactly like the solution y = (1, …, 1), d = 1, which the checkpoints do
    /// reconstruct. That candidate is wrong, and the bound must refuse it; the kernel
    /// found in the end must be the true one.
    #[test]
    fn premature_candidate_is_reconstructed_and_refused() {
        let r = 6;
        let b = ZMatrix::from_fn(r, r, |i, j| {
            Integer::from(((i * 5 + j * 3) % 7) as i64 - 3 + if i == j { 9 } else { 0 })
        });
        let big = Integer::u_pow_u(P as u32, 5).complete() * 3u32 + 1u32;
        let y: Vec<Integer> = (0..r)
            .map(|j| {
                if j == 0 {
                    big.clone()
                } else {
                    Integer::from(1)
                }
            })
            .collect();
        let a = ZMatrix::from_fn(r, r + 1, |i, j| {
            if j < r {
                b[(i, j)].clone()
            } else {
                (0..r).map(|t| Integer::from(&b[(i, t)] * &y[t])).sum()
            }
        });
        let rows: Vec<usize> = (0..r).collect();
        let free = [r];
        // Run the lifting by hand to the checkpoint at k = 4.
        let bres = gather(&a, &rows, &rows, |x| x.mod_u(P as u32) as u64);
        let binv = super::super::inverse_mod_p::inverse_mod_p(&bres, r, P).unwrap();
        let mut lifting = Wide::new(&a, &rows, &rows, &free, binv, P, &|l| l > 124.0).unwrap();
        let digits: Vec<Vec<i32>> = (0..4).map(|_| lifting.step().unwrap()).collect();
        let powers = square_powers(P, 8);
        let weights: Vec<Vec<i64>> = (0..COMBINATIONS)
            .map(|t| small_weights(r, t as u64))
            .collect();
        let combos: Vec<Vec<i64>> = weights
            .iter()
            .map(|w| {
                digits
                    .iter()
                    .map(|x| x.iter().zip(w).map(|(&d, &w)| i64::from(d) * w).sum())
                    .collect()
            })
            .collect();
        // The digits say y ≡ (1, …, 1) (mod p⁴): a wrong candidate with d = 1 ...
        let u = coordinates(&digits, &powers, r, 1, 0);
        assert!(u.iter().all(|v| *v == 1));
        // ... which the bound refuses, so the checkpoint does not stop.
        let bounds = ProofBounds::new(&a, &rows, &rows, &free);
        let m4 = Integer::u_pow_u(P as u32, 4).complete();
        assert!(!proved_by_bound(&bounds, 0, &u, &Integer::from(1), &m4));
        let values: Vec<Integer> = combos.iter().map(|c| combine(c, &powers)).collect();
        assert!(try_early(
            &digits,
            &values,
            &powers,
            P,
            r,
            1,
            &bounds,
            Reconstruction::Scalar,
            &|| ()
        )
        .is_none());
        for bound_bits in [4, 40, 90] {
            let how = Reconstruction::Vector { bound_bits };
            assert!(try_early(&digits, &values, &powers, P, r, 1, &bounds, how, &|| ()).is_none());
        }
        // The whole computation returns the true kernel vector (y, −1).
        let e = rank_mod_p(&a, P);
        assert_eq!((e.rank, e.pivot_cols.clone()), (r, rows.clone()));
        let k = kernel_basis(&a, &e).expect("true rank");
        assert_eq!(k[(0, 0)], big);
        assert_eq!(k[(r, 0)], -1);
        assert!(a.mul(&k).is_zero());
    }

    #[test]
    fn checkpoints_follow_the_measured_costs() {
        let ms = Duration::from_millis;
        // Untimed: the fixed growth; always at least one step on.
        assert_eq!(next_checkpoint(100, ms(5), None), 107);
        assert_eq!(next_checkpoint(4, ms(1), None), 5);
        // δ = √(A/2T): 0.1 for A = 2 ms after T = 100 ms, 0.2 for A = 8 ms.
        assert_eq!(next_checkpoint(1000, ms(100), Some(ms(2))), 1100);
        assert_eq!(next_checkpoint(1000, ms(100), Some(ms(8))), 1200);
        // Clamped to [4 %, 25 %].
        assert_eq!(
            next_checkpoint(1000, ms(100), Some(Duration::from_micros(1))),
            1040
        );
        assert_eq!(next_checkpoint(1000, ms(1), Some(ms(50))), 1250);
        assert_eq!(next_checkpoint(1000, Duration::ZERO, Some(ms(1))), 1070);
    }

    /// In a pool of one thread no other worker takes the checkpoint attempts: the lifting
    /// runs them itself and must still return the kernel (no deadlock, same answer as in
    /// the default pool).
    #[test]
    fn one_thread_pool_runs_the_attempts_itself() {
        let a = crate::matrix::gen::randrank(60, 60, 58, 8, 200, 31);
        let e = rank_mod_p(&a, P);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let alone = pool.install(|| kernel_basis(&a, &e)).expect("true rank");
        assert_eq!((alone.rows(), alone.cols()), (60, 2));
        assert!(a.mul(&alone).is_zero());
        assert_eq!(Some(alone), kernel_basis(&a, &e));
    }

    /// Primality is used nowhere in the proof: a composite modulus (2²³ − 1 = 47 · 178481)
    /// can only make lifting fail, and whatever it accepts is a true kernel.
    #[test]
    fn composite_modulus_never_proves_a_false_rank() {
        let composite = (1u64 << 23) - 1;
        for seed in 0..4 {
            let a = crate::matrix::gen::randrank(30, 30, 29, 8, 200, 60 + seed);
            let honest = rank_mod_p(&a, P);
            let mut e = honest.clone();
            e.p = composite;
            if let Some(k) = kernel_basis(&a, &e) {
                assert!(a.mul(&k).is_zero());
            }
            let mut lie = e.clone();
            lie.rank -= 1;
            lie.pivot_rows.pop();
            lie.pivot_cols.pop();
            assert!(kernel_basis(&a, &lie).is_none());
        }
    }
}
