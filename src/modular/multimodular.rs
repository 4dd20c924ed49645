//! Exact rank over Q from ranks modulo several primes, with the answer proved or its error
//! probability bounded.
//!
//! * rank(A mod p) ≤ rank(A) for every prime (a minor that vanishes over Z vanishes mod
//!   p), so the maximum over primes is a sound **lower bound**, witnessed by the pivots of a
//!   prime reaching it: det A[I, J] is nonzero mod that prime, hence nonzero.
//! * A prime whose rank is below the maximum was *unlucky*; it is detected by comparison and
//!   never believed.
//! * **Upper bound**, certified: if r = min(m, n) there is nothing to prove. Otherwise
//!   (route b) primes p₁…p_k, each with rank(A mod pᵢ) ≤ r, whose product exceeds the
//!   Hadamard bound B on (r+1)×(r+1) minors: a nonzero such minor would be divisible by
//!   every pᵢ, so at least ∏pᵢ > B in size — impossible. Route (a), an exact kernel check,
//!   plugs in through [`Options::kernel_check`] and is tried first when given:
//!   [`super::dixon`] provides one (a kernel basis by p-adic lifting, far cheaper when
//!   few columns are free), which `RankParams::default()` uses when its cost model agrees.
//! * **Probabilistic** (k primes): let r* be the true rank and M* a fixed nonzero r*×r*
//!   minor. A prime with rank < r* divides M*; all candidates are ≥ 2²², so at most
//!   u = ⌊log₂ B_max / 22⌋ of them do (B_max: the Hadamard bound on the largest minors that
//!   can be nonzero). The answer is wrong only if every drawn prime is one of those u, and
//!   the first k draws are independent and uniform over N = 268216 candidates, so
//!   P(wrong) ≤ (u/N)^k.

use super::dense::ModElimination;
use super::gfp_f64::{rank_f64, reduce_slice, GfpF64};
use super::hadamard::Norms;
use super::prime_stream::{random_prime, DescendingPrimes, PRIME_COUNT, PRIME_MIN_BITS};
use super::small_entries::SmallEntries;
use crate::{Certainty, ZMatrix};
use faer::Par;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use rug::Integer;

/// Route (a) for the upper bound: given A and a rank-r lower bound (pivots invertible mod
/// `e.p`), return `true` only if rank(A) ≤ r was proved (e.g. a kernel basis N with A·N = 0
/// checked exactly). `false` means "not proved", and the Hadamard route is used instead.
pub type KernelCheck = fn(&SmallEntries, &ModElimination) -> bool;

/// How sure the answer must be.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Goal {
    /// A deterministic proof of both bounds.
    #[default]
    Certified,
    /// Stop after `primes` random primes agree on the maximum; report the error bound.
    Probabilistic {
        /// How many agreeing primes (at least 1).
        primes: usize,
    },
}

/// Knobs of [`rank_over_q`].
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// Certified or probabilistic.
    pub goal: Goal,
    /// Route (a) for the upper bound, tried before the Hadamard route when present.
    pub kernel_check: Option<KernelCheck>,
    /// Seed for the random primes of the probabilistic mode; `None` draws from the OS.
    pub seed: Option<u64>,
}

/// The evidence for rank ≤ r.
#[derive(Clone, Debug, PartialEq)]
pub enum UpperBound {
    /// r = min(rows, cols): nothing to prove.
    FullRank,
    /// Route (a): the kernel check accepted.
    Kernel,
    /// Route (b): every prime in `primes` has rank ≤ r and (∏ primes)² > `bound_sq`, the
    /// squared Hadamard bound on (r+1)×(r+1) minors.
    Primes {
        /// The squared bound that the product beats.
        bound_sq: Integer,
    },
    /// Not proved; the error probability is bounded instead (see the module docs).
    Probabilistic {
        /// Upper bound on P(rank is wrong).
        error_bound: f64,
        /// u: how many candidate primes at most can be unlucky.
        unlucky_max: u64,
        /// Every nonzero minor of A is below 2^bound_bits in absolute value (Hadamard).
        bound_bits: u64,
        /// k: how many agreeing primes the bound is for.
        agreeing: usize,
    },
}

/// The rank over Q and its evidence.
#[derive(Clone, Debug, PartialEq)]
pub struct MultimodularRank {
    /// The rank over Q.
    pub rank: usize,
    /// Pivot rows (ascending): with `pivot_cols`, det A[I, J] ≢ 0 mod `witness_prime`.
    pub pivot_rows: Vec<usize>,
    /// Pivot columns (ascending): the column rank profile modulo `witness_prime` (the
    /// smallest among the primes reaching the rank). It is the rational column rank profile
    /// unless every such prime divides one of the prefix minors; the rank itself is proved
    /// regardless.
    pub pivot_cols: Vec<usize>,
    /// The prime on which the pivot minor was found nonzero.
    pub witness_prime: u64,
    /// Every prime eliminated and its rank (unlucky ones included, in no particular order).
    pub ranks: Vec<(u64, usize)>,
    /// The evidence for the upper bound.
    pub upper_bound: UpperBound,
}

impl MultimodularRank {
    /// The certainty label for a [`crate::RankResult`].
    ///
    /// ```
    /// use exrank::modular::multimodular::{rank_over_q, Options};
    /// let a = exrank::ZMatrix::identity(3);
    /// assert_eq!(rank_over_q(&a, &Options::default()).certainty(), exrank::Certainty::Certified);
    /// ```
    pub fn certainty(&self) -> Certainty {
        match &self.upper_bound {
            UpperBound::Probabilistic {
                error_bound,
                unlucky_max,
                bound_bits,
                agreeing,
            } => Certainty::Probabilistic {
                error_bound: *error_bound,
                argument: format!(
                    "{agreeing} primes drawn uniformly from the {PRIME_COUNT} primes in [2^22, 2^23) \
                     agreed on the maximum rank; a prime giving less than the true rank divides a \
                     fixed nonzero minor, of absolute value below 2^{bound_bits} (Hadamard), so at \
                     most {unlucky_max} candidates are unlucky and P(wrong) <= \
                     ({unlucky_max}/{PRIME_COUNT})^{agreeing}"
                ),
            },
            _ => Certainty::Certified,
        }
    }
}

/// Every entry reduced into [0, p) as doubles: from the entries read once when they are
/// small (a multiply and a subtract each), else with GMP.
fn residues(src: &SmallEntries, p: u64) -> Vec<f64> {
    match src.values() {
        Some(v) => {
            let mut w = v.to_vec();
            reduce_slice(&mut w, GfpF64::new(p));
            w
        }
        None => src
            .matrix()
            .as_slice()
            .iter()
            .map(|x| x.mod_u(p as u32) as f64)
            .collect(),
    }
}

fn eliminate(src: &SmallEntries, rows: usize, cols: usize, p: u64, par: Par) -> ModElimination {
    let mut w = residues(src, p);
    rank_f64(&mut w, rows, cols, p, par)
}

/// Rank of `a` over Q from word-size primes, proved (or bounded in probability) as
/// described in the module docs. Primes are eliminated in parallel on the current rayon
/// pool; a single elimination spreads its matrix products over the pool.
///
/// ```
/// use exrank::modular::multimodular::{rank_over_q, Options, UpperBound};
/// // diag(p, 1) for the first prime used: rank 1 modulo p, rank 2 over Q.
/// let p = 8_388_593;
/// let a = exrank::ZMatrix::from_i64_rows(&[vec![p, 0], vec![0, 1]]).unwrap();
/// let r = rank_over_q(&a, &Options::default());
/// assert_eq!((r.rank, r.upper_bound), (2, UpperBound::FullRank));
/// assert!(r.ranks.contains(&(p as u64, 1))); // the unlucky prime was seen, not believed
/// ```
pub fn rank_over_q(a: &ZMatrix, opts: &Options) -> MultimodularRank {
    rank_over_q_of(&SmallEntries::new(a), opts)
}

/// [`rank_over_q`] of the matrix `src` holds: the entry for a matrix held only as doubles
/// ([`SmallEntries::from_integers`], a file's machine integers), which this never turns
/// into GMP form unless the kernel check falls back to it (entries past 2³¹ in the
/// pivot block).
///
/// ```
/// use exrank::modular::{multimodular::{rank_over_q_of, Options}, SmallEntries};
/// let src = SmallEntries::from_integers(2, 3, vec![1, 2, 3, 2, 4, 6]).unwrap();
/// assert_eq!(rank_over_q_of(&src, &Options::default()).rank, 1);
/// ```
pub fn rank_over_q_of(src: &SmallEntries, opts: &Options) -> MultimodularRank {
    crate::pool::on_worker(|| rank_over_q_on_worker(src, opts))
}

fn rank_over_q_on_worker(src: &SmallEntries, opts: &Options) -> MultimodularRank {
    let (m, n) = (src.rows(), src.cols());
    let full = m.min(n);
    match opts.goal {
        Goal::Certified => certified(src, opts),
        Goal::Probabilistic { primes } => {
            let k = primes.max(1);
            let mut rng = match opts.seed {
                Some(s) => ChaCha8Rng::seed_from_u64(s),
                None => ChaCha8Rng::from_entropy(),
            };
            let mut all: Vec<ModElimination> = Vec::new();
            let mut best: Option<ModElimination> = None;
            loop {
                let agree = best
                    .as_ref()
                    .map_or(0, |b| all.iter().filter(|e| e.rank == b.rank).count());
                if best.as_ref().is_some_and(|b| b.rank == full) || agree >= k {
                    break;
                }
                let draws: Vec<u64> = (0..k - agree).map(|_| random_prime(&mut rng)).collect();
                let par = inner_par(draws.len(), m, n);
                let got: Vec<ModElimination> = draws
                    .par_iter()
                    .map(|&p| eliminate(src, m, n, p, par))
                    .collect();
                for e in got {
                    if best.as_ref().is_none_or(|b| e.rank > b.rank) {
                        best = Some(e.clone());
                    }
                    all.push(e);
                }
            }
            let best = best.expect("at least one prime");
            let upper_bound = if best.rank == full {
                UpperBound::FullRank
            } else {
                // B² < 2^bits(B²), so B < 2^⌈bits/2⌉; a nonzero |M| ≤ B has at most
                // ⌊log₂ B / 22⌋ prime factors ≥ 2²².
                let bound_sq = Norms::of_entries(src).max_minor_bound_sq();
                let bits = u64::from(bound_sq.significant_bits()).div_ceil(2);
                let u = bits / PRIME_MIN_BITS;
                UpperBound::Probabilistic {
                    error_bound: (u as f64 / PRIME_COUNT as f64).powi(k as i32),
                    unlucky_max: u,
                    bound_bits: bits,
                    agreeing: k,
                }
            };
            finish(best, &all, upper_bound)
        }
    }
}

/// One elimination alone uses the pool inside its matrix products if it is big enough to
/// gain from it; several run one per thread. Measured on 2 cores (`full_N`, best of 20,
/// 2026-11-22): sequential is faster up to n = 800 (2.5 vs 3.2 ms at n = 400, 14 vs 15 ms
/// at 800), even at 1000 (24 ms both) and behind from 1500 (157 vs 190 ms at 2000).
fn inner_par(batch: usize, rows: usize, cols: usize) -> Par {
    if batch == 1 && rows.min(cols) >= 1000 {
        Par::rayon(0)
    } else {
        Par::Seq
    }
}

/// Below this size the row norms are not worth a second task beside the elimination (not
/// measured: the pass then takes a few microseconds, about a hand-off's cost).
const PRECOMPUTE_MIN: usize = 64;

fn certified(src: &SmallEntries, opts: &Options) -> MultimodularRank {
    let (m, n) = (src.rows(), src.cols());
    let full = m.min(n);
    let mut primes = DescendingPrimes::new();
    let p1 = primes.next().expect("candidate primes remain");
    let par = inner_par(1, m, n);
    let mut best = match (par, opts.kernel_check) {
        // The kernel check's cost model needs the row norms: found on another core while
        // a one-thread elimination runs (wasted only when the rank turns out full).
        (Par::Seq, Some(_)) if m.min(n) >= PRECOMPUTE_MIN => {
            rayon::join(|| eliminate(src, m, n, p1, par), || src.row_log_norms()).0
        }
        _ => eliminate(src, m, n, p1, par),
    };
    let mut all = vec![best.clone()];
    if best.rank == full {
        return finish(best, &all, UpperBound::FullRank);
    }
    if let Some(check) = opts.kernel_check {
        if check(src, &best) {
            return finish(best, &all, UpperBound::Kernel);
        }
    }
    let norms = Norms::of_entries(src);
    let mut bound_sq = norms.minor_bound_sq(best.rank + 1);
    let mut product = Integer::from(p1);
    while Integer::from(product.square_ref()) <= bound_sq {
        // Each prime adds at least 22 bits: ask for just enough, all in parallel.
        let missing = (u64::from(bound_sq.significant_bits()) / 2 + 1)
            .saturating_sub(u64::from(product.significant_bits()) - 1);
        let batch = missing.div_ceil(PRIME_MIN_BITS).max(1) as usize;
        let ps: Vec<u64> = primes.by_ref().take(batch).collect();
        assert!(!ps.is_empty(), "ran out of primes below 2^23");
        let par = inner_par(ps.len(), m, n);
        let got: Vec<ModElimination> = ps
            .par_iter()
            .map(|&p| eliminate(src, m, n, p, par))
            .collect();
        for e in got {
            product *= e.p;
            if e.rank > best.rank {
                // Every earlier prime was unlucky; they still have rank ≤ the new maximum,
                // so they still count towards the product.
                best = e.clone();
            }
            all.push(e);
        }
        if best.rank == full {
            return finish(best, &all, UpperBound::FullRank);
        }
        bound_sq = norms.minor_bound_sq(best.rank + 1);
    }
    finish(best, &all, UpperBound::Primes { bound_sq })
}

/// Among the primes reaching the maximum rank, the one with the lexicographically smallest
/// pivot columns: prefix ranks mod p never exceed those over Q, so that list is the closest
/// to (and for all but finitely many primes equal to) the rational column rank profile.
fn finish(
    best: ModElimination,
    all: &[ModElimination],
    upper_bound: UpperBound,
) -> MultimodularRank {
    let best = all
        .iter()
        .filter(|e| e.rank == best.rank)
        .min_by(|x, y| x.pivot_cols.cmp(&y.pivot_cols))
        .cloned()
        .unwrap_or(best);
    MultimodularRank {
        rank: best.rank,
        pivot_rows: best.pivot_rows,
        pivot_cols: best.pivot_cols,
        witness_prime: best.p,
        ranks: all.iter().map(|e| (e.p, e.rank)).collect(),
        upper_bound,
    }
}
