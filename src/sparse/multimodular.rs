//! Exact rank over Q of a sparse integer matrix from its ranks modulo several primes.
//!
//! * **Lower bound, always proved.** rank(A mod p) ≤ rank(A) for every p, and the
//!   elimination mod p exhibits pivot rows I and columns J with det A[I,J] ≢ 0 (mod p),
//!   hence ≠ 0 over Z. The maximum over primes is the reported rank.
//! * **Upper bound, proved** when the rank is min(m, n), or when distinct primes
//!   p₁…p_k that all give rank ≤ r have p₁⋯p_k > H, with H Hadamard's bound on every
//!   (r+1)×(r+1) minor (product of the r+1 largest row norms, or column norms, whichever
//!   is smaller): a nonzero (r+1)-minor would be divisible by every pᵢ, impossible. For
//!   ±1 matrices with few nonzeros per row H is small, so this is often affordable;
//!   [`SparseParams::max_proof_primes`] caps the cost.
//! * **Upper bound, probabilistic** otherwise. Let s = rank over Q and D ≠ 0 a fixed
//!   s×s minor; |D| ≤ H_all, the product of all nonzero row (or column) norms. A prime p
//!   gives rank < s only if p | D, and D has at most log₂ H_all / 30 prime factors ≥ 2³⁰.
//!   Primes are drawn uniformly (rejection sampling) from the 50 697 537 primes in
//!   [2³⁰, 2³¹), independently of the matrix, so k draws are all unlucky with probability
//!   at most (log₂ H_all / 30 / 50 697 537)^k. Enough primes are drawn to push this under
//!   [`SparseParams::max_error`]. User-chosen primes carry no probability.

use super::eliminate::{eliminate_mod_p, SparseElimination};
use super::matrix::SparseZMatrix;
use super::SparseParams;
use crate::error::Result;
use crate::modular::prime::is_prime;
use crate::{Certainty, Field, Method, RankResult};
use rand::{Rng, SeedableRng};
use rug::Integer;

/// Primes in [2³⁰, 2³¹): π(2³¹) − π(2³⁰) = 105 097 565 − 54 400 028.
pub const PRIMES_IN_RANGE: f64 = 50_697_537.0;

/// A prime drawn uniformly from [2³⁰, 2³¹) (uniform integers, rejected until prime).
///
/// ```
/// use rand::SeedableRng;
/// let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
/// let p = exrank::sparse::multimodular::random_prime(&mut rng);
/// assert!(exrank::modular::prime::is_prime(p) && p >= 1 << 30 && p < 1 << 31);
/// ```
pub fn random_prime(rng: &mut impl Rng) -> u64 {
    loop {
        let x = rng.gen_range((1u64 << 30)..(1u64 << 31));
        if is_prime(x) {
            return x;
        }
    }
}

/// Upper bound on log₂ of the product of the `k` largest of the given squared norms'
/// square roots (zero norms skipped). A tiny relative margin absorbs f64 rounding.
fn log2_top_norms(mut norms_sq: Vec<f64>, k: usize) -> f64 {
    norms_sq.retain(|&x| x > 0.0);
    norms_sq.sort_unstable_by(|a, b| b.partial_cmp(a).expect("finite"));
    let s: f64 = norms_sq.iter().take(k).map(|x| 0.5 * x.log2()).sum();
    s * (1.0 + 1e-9) + 1e-6
}

fn to_f64_up(x: &Integer) -> f64 {
    // to_f64 rounds to nearest; one ulp up keeps the bound an upper bound.
    let f = x.to_f64();
    f * (1.0 + f64::EPSILON * 2.0)
}

/// Hadamard bounds of a sparse integer matrix: squared row and column norms.
struct Norms {
    rows_sq: Vec<Integer>,
    cols_sq: Vec<Integer>,
}

impl Norms {
    fn of(z: &SparseZMatrix) -> Self {
        Norms {
            rows_sq: (0..z.rows()).map(|i| z.row_norm_squared(i)).collect(),
            cols_sq: z.col_norms_squared(),
        }
    }

    /// Upper bound on log₂ H for k×k minors (min of the row and column versions).
    fn log2_bound(&self, k: usize) -> f64 {
        let r = log2_top_norms(self.rows_sq.iter().map(to_f64_up).collect(), k);
        let c = log2_top_norms(self.cols_sq.iter().map(to_f64_up).collect(), k);
        r.min(c)
    }

    /// Exactly: is `prod²` larger than the square of Hadamard's bound for k×k minors?
    /// True when fewer than k rows (or columns) are nonzero: every k-minor is then 0.
    fn product_exceeds(&self, prod: &Integer, k: usize) -> bool {
        let sq = Integer::from(prod * prod);
        [&self.rows_sq, &self.cols_sq].iter().any(|norms| {
            let mut v: Vec<&Integer> = norms.iter().filter(|x| **x != 0).collect();
            if v.len() < k {
                return true;
            }
            v.sort_unstable_by(|a, b| b.cmp(a));
            let h2: Integer = v[..k].iter().fold(Integer::from(1), |acc, x| acc * *x);
            sq > h2
        })
    }
}

/// Exact rank over Q of a sparse integer matrix (see the module documentation for what
/// is proved).
///
/// ```
/// use exrank::io::{Parsed, Entries, Scalar};
/// use exrank::sparse::{SparseZMatrix, SparseParams, multimodular::rank_over_q};
/// // [[2, 0], [0, 3]] has full rank 2: certified by one prime.
/// let e = vec![(0, 0, Scalar::Int(2)), (1, 1, Scalar::Int(3))];
/// let z = SparseZMatrix::from_parsed(&Parsed { rows: 2, cols: 2, entries: Entries::Coordinate(e) }).unwrap();
/// let r = rank_over_q(&z, &SparseParams { progress: false, ..Default::default() }).unwrap();
/// assert_eq!((r.rank, r.certainty), (2, exrank::Certainty::Certified));
/// ```
pub fn rank_over_q(z: &SparseZMatrix, params: &SparseParams) -> Result<RankResult> {
    let (m, n) = (z.rows(), z.cols());
    let full = m.min(n);
    let user_primes = params.primes.clone();
    let mut rng = match params.seed {
        Some(s) => rand_chacha::ChaCha8Rng::seed_from_u64(s),
        None => rand_chacha::ChaCha8Rng::from_entropy(),
    };
    let mut queue = user_primes.clone().unwrap_or_default().into_iter();
    let mut next_prime = |used: &[u64]| -> Option<u64> {
        if user_primes.is_some() {
            return queue.next();
        }
        loop {
            let p = random_prime(&mut rng);
            if !used.contains(&p) {
                return Some(p);
            }
        }
    };

    let mut used: Vec<u64> = Vec::new();
    // Primes with rank ≤ the current best rank: their product bounds minors of size r+1.
    let run = |p: u64| -> Result<SparseElimination> {
        if !is_prime(p) || p >= 1 << 63 {
            return Err(crate::Error::Invalid(format!(
                "{p} is not a prime below 2^63"
            )));
        }
        Ok(eliminate_mod_p(&z.reduce(p), params))
    };
    let Some(p0) = next_prime(&used) else {
        return Err(crate::Error::Invalid("no primes given".into()));
    };
    used.push(p0);
    let mut best: Option<SparseElimination> = Some(run(p0)?);
    let finish = |e: SparseElimination, certainty: Certainty| RankResult {
        rank: e.rank,
        rows: m,
        cols: n,
        field: Field::Rationals,
        method: Method::Sparse,
        certainty,
        pivot_rows: e.pivot_rows,
        pivot_cols: e.pivot_cols,
    };
    let mut r = best.as_ref().map_or(0, |e| e.rank);
    if r == full {
        return Ok(finish(
            best.take().expect("one prime ran"),
            Certainty::Certified,
        ));
    }
    let norms = Norms::of(z);

    // Try to prove the upper bound with Hadamard's bound on (r+1)-minors.
    let lower_note = |e: &SparseElimination| {
        format!(
            "rank ≥ {} is proved (a {}×{} minor is nonzero mod {}, hence over Z)",
            e.rank, e.rank, e.rank, e.p
        )
    };
    loop {
        let need = (norms.log2_bound(r + 1) / 30.0).floor() as usize + 1;
        if need > params.max_proof_primes {
            break;
        }
        let mut prod = Integer::from(1);
        for &p in &used {
            prod *= p;
        }
        if norms.product_exceeds(&prod, r + 1) {
            let e = best.take().expect("one prime ran");
            return Ok(finish(e, Certainty::Certified));
        }
        if used.len() > params.max_proof_primes {
            break;
        }
        let Some(p) = next_prime(&used) else { break };
        used.push(p);
        let e = run(p)?;
        if e.rank > r {
            // An unlucky earlier prime: the new, larger rank is the proved lower bound.
            r = e.rank;
            best = Some(e);
            if r == full {
                return Ok(finish(best.take().expect("set"), Certainty::Certified));
            }
        }
    }

    // Probabilistic upper bound from independent random primes.
    let e_best = best.take().expect("one prime ran");
    if user_primes.is_some() {
        // Run every user prime; without random choice no probability can be stated.
        let mut e_best = e_best;
        while let Some(p) = next_prime(&used) {
            used.push(p);
            let e = run(p)?;
            if e.rank > e_best.rank {
                e_best = e;
            }
        }
        let arg = format!(
            "{}; rank ≤ {} is not proved: the primes {:?} were chosen by the user, so no error probability can be stated",
            lower_note(&e_best),
            e_best.rank,
            used
        );
        return Ok(finish(
            e_best,
            Certainty::Probabilistic {
                error_bound: 1.0,
                argument: arg,
            },
        ));
    }
    let log2_h = norms.log2_bound(full);
    let q = ((log2_h / 30.0).floor() + 1.0) / PRIMES_IN_RANGE;
    let mut e_best = e_best;
    let mut k = used.len() as i32;
    while q.min(1.0).powi(k) > params.max_error && k < 64 {
        let p = next_prime(&used).expect("random primes never run out");
        used.push(p);
        let e = run(p)?;
        if e.rank > e_best.rank {
            e_best = e;
        }
        k += 1;
    }
    let bound = q.min(1.0).powi(k);
    let arg = format!(
        "{}; rank ≤ {} holds unless all {k} random primes from [2^30, 2^31) divide one fixed nonzero \
         minor of size rank(A): it has at most ⌊log2 H / 30⌋+1 = {:.0} such prime factors (H ≤ 2^{:.0}, \
         Hadamard), out of {} primes in the range, so the error is at most ({:.3e})^{k} = {:.3e}",
        lower_note(&e_best),
        e_best.rank,
        (log2_h / 30.0).floor() + 1.0,
        log2_h.ceil(),
        PRIMES_IN_RANGE,
        q,
        bound
    );
    Ok(finish(
        e_best,
        Certainty::Probabilistic {
            error_bound: bound,
            argument: arg,
        },
    ))
}
