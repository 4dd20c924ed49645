//! The producer: computes a rank and the [`Certificate`] that proves it, on the modular
//! engine's fast kernels (nothing here is trusted by [`crate::cert::verify`], which
//! re-checks everything with its own arithmetic).
//!
//! 1. Candidate rank, rows I and columns J: the caller's pivots ([`CertParams::pivots`])
//!    if A[I, J] is nonsingular mod a prime, else one elimination modulo a prime
//!    ([`crate::modular::rank_mod_p`]). A[I, J] is nonsingular mod that prime. A rank
//!    that is too small (an unlucky prime) is caught by step 2 and corrected.
//! 2. Upper bound, by the route in [`CertParams`]:
//!    - kernel: [`crate::modular::dixon::kernel_basis`] (p-adic lifting, A·N = 0 checked
//!      exactly), each vector made primitive. If it declines, the primes route runs
//!      (or, when the kernel route was asked for explicitly, Chinese remaindering of
//!      the kernel, [`kernel_crt`], and the primes route only if A·N ≠ 0);
//!    - primes: rank mod more primes (in parallel) until their product passes Hadamard's
//!      bound on the (r+1)-minors; a prime where the rank is larger replaces the
//!      candidate and we start again (the rank only grows, so this ends). Since a
//!      nonzero (r+1)-minor cannot be divisible by all of them, a too-small candidate
//!      always shows up here.
//! 3. det A[I, J] exactly, output-sensitively ([`minor`]): a divisor from a solve, then
//!    a prime or two.

mod bound;
mod kernel_crt;
mod minor;
mod residue;
mod route;

use super::certificate::{Certificate, UpperBound};
use super::fingerprint::fingerprint;
use crate::error::{Error, Result};
use crate::modular::{dixon, prime::is_prime, rank_mod_p, ModElimination};
use crate::ZMatrix;
use faer::Par;
use rayon::prelude::*;
use rug::Integer;

/// Which evidence to give for `rank ≤ r` (when r < min(m, n)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UpperRoute {
    /// The one the engine finds cheaper to produce (the cost model `exrank rank` uses).
    #[default]
    Auto,
    /// An integer kernel basis N with an identity block; the verifier checks A·N = 0.
    Kernel,
    /// Primes whose product exceeds Hadamard's bound on the (r+1)-minors.
    Primes,
}

/// Knobs for [`build`]. `Default` picks the route cheaper to verify and finds the
/// pivots itself.
#[derive(Clone, Debug, Default)]
pub struct CertParams {
    /// Upper-bound route.
    pub upper: UpperRoute,
    /// Pivot rows and columns already known (say from [`crate::rank_with`]), to skip the
    /// search for a candidate. A hint, never trusted: it is used only if the rows and
    /// columns are valid and A[rows, cols] is nonsingular modulo a prime, and the rank
    /// it suggests is still proved (a too-small one is corrected as usual).
    pub pivots: Option<(Vec<usize>, Vec<usize>)>,
}

/// The producer's primes: every prime below 2^23, descending (deterministic, so the same
/// matrix always gets the same certificate). Below 2^23 because the engine's f64 kernels
/// then add 255 products before reducing (and the lifting of
/// [`crate::modular::dixon`] runs on the candidate's own prime), and a verifier can
/// eliminate modulo a listed prime with delayed reductions.
///
/// ```
/// let p: Vec<u64> = exrank::cert::prime_stream().take(2).collect();
/// assert!(p[0] > p[1] && p[0] < 1 << 23);
/// ```
pub fn prime_stream() -> impl Iterator<Item = u64> {
    (2u64..1 << 23).rev().filter(|&q| is_prime(q))
}

/// Bound sizes (bits) the producer's primes can reconstruct with room to spare: the
/// primes in [2^22, 2^23) alone give 268216·22 bits, those in [2^21, 2^22) 140336·21
/// and those in [2^20, 2^21) 73586·20, over 1.03·10^7 bits together.
const MAX_BOUND_BITS: u64 = 10_000_000;

/// An error if a bound of `bits` bits is beyond what the producer's primes can reach.
fn within_prime_reach(bits: u64) -> Result<()> {
    if bits > MAX_BOUND_BITS {
        return Err(too_large(bits));
    }
    Ok(())
}

/// 2^bits, or the error of [`within_prime_reach`].
fn power_of_two(bits: u64) -> Result<Integer> {
    within_prime_reach(bits)?;
    Ok(Integer::from(1) << bits as u32)
}

fn too_large(bits: u64) -> Error {
    Error::TooLarge(format!(
        "a certificate needs values of up to 2^{bits} (Hadamard's bound), beyond the \
         {MAX_BOUND_BITS} bits that primes below 2^26 reconstruct"
    ))
}

/// The next prime of `stream`, or the too-large error when they run out.
fn next_prime(stream: &mut impl Iterator<Item = u64>) -> Result<u64> {
    stream.next().ok_or_else(|| too_large(MAX_BOUND_BITS))
}

/// A candidate rank with its pivots (ascending) and a prime p < 2^23 with A[rows, cols]
/// nonsingular mod p.
struct Candidate {
    rank: usize,
    rows: Vec<usize>,
    cols: Vec<usize>,
    p: u64,
}

impl Candidate {
    fn from_elimination(e: ModElimination) -> Self {
        Candidate {
            rank: e.rank,
            rows: e.pivot_rows,
            cols: e.pivot_cols,
            p: e.p,
        }
    }
}

/// Builds a certificate for the rank of `a` over Q.
///
/// # Errors
/// [`Error::TooLarge`] when Hadamard's bound needs more than 10^7 bits, more than the
/// primes below 2^23 reconstruct (e.g. a 100×100 minor of 100,000-bit entries).
///
/// ```
/// use exrank::{cert, ZMatrix};
/// let a = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let c = cert::build(&a, &cert::CertParams::default()).unwrap();
/// assert_eq!(c.rank, 2);
/// assert_eq!(cert::verify(&a, &c), cert::Verdict::Certified(2));
/// ```
pub fn build(a: &ZMatrix, params: &CertParams) -> Result<Certificate> {
    crate::pool::on_worker(|| build_on_worker(a, params))
}

fn build_on_worker(a: &ZMatrix, params: &CertParams) -> Result<Certificate> {
    let (m, n) = (a.rows(), a.cols());
    let fp = fingerprint(a);
    let mut primes = prime_stream();
    let hinted = params
        .pivots
        .as_ref()
        .and_then(|(rows, cols)| usable_hint(a, rows, cols));
    let mut cand = match hinted {
        Some(c) => c,
        None => Candidate::from_elimination(rank_mod_p(a, next_prime(&mut primes)?)),
    };
    loop {
        let r = cand.rank;
        let route = if r == m.min(n) {
            None
        } else {
            Some(resolve_route(a, &cand, params.upper))
        };
        let kernel = match route {
            Some(UpperRoute::Kernel) => match kernel_evidence(a, &cand) {
                // Asked for explicitly: the slow remaindering works for any entry size.
                None if params.upper == UpperRoute::Kernel => {
                    kernel_crt::kernel_by_remaindering(a, &cand)?
                }
                found => found,
            },
            _ => None,
        };
        let upper = match (route, kernel) {
            (None, _) => UpperBound::Trivial,
            (Some(_), Some(vs)) => UpperBound::Kernel(vs),
            // The primes route, asked for or because the lifting declined.
            (Some(_), None) => match prime_evidence(a, &cand, &mut primes)? {
                Ok(ps) => UpperBound::Primes(ps),
                Err(bigger) => {
                    cand = bigger;
                    continue;
                }
            },
        };
        let (minor, minor_solution) = minor::exact_minor(a, &cand, fp)?;
        // |minor| is below the product of the primes used, so one of them does not divide it.
        let minor_prime = prime_stream()
            .find(|&p| !minor.is_divisible_u(p as u32))
            .ok_or_else(|| too_large(MAX_BOUND_BITS))?;
        return Ok(Certificate {
            rows: m,
            cols: n,
            fingerprint: fp,
            rank: r,
            row_set: cand.rows,
            col_set: cand.cols,
            minor,
            minor_prime,
            minor_solution,
            upper,
        });
    }
}

/// The hinted pivots as a candidate, if they are distinct, in range, of equal count and
/// A[rows, cols] is nonsingular modulo the first producer prime.
fn usable_hint(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> Option<Candidate> {
    let distinct_below = |v: &[usize], limit: usize| {
        let mut seen = vec![false; limit];
        v.iter()
            .all(|&i| i < limit && !std::mem::replace(&mut seen[i], true))
    };
    let r = rows.len();
    let valid = r == cols.len() && distinct_below(rows, a.rows()) && distinct_below(cols, a.cols());
    let p = prime_stream().next()?;
    if !valid || minor::det_mod(a, rows, cols, p, Par::rayon(0)) == 0 {
        return None;
    }
    let (mut rows, mut cols) = (rows.to_vec(), cols.to_vec());
    // Sorted like elimination's pivots; this changes only the sign of the minor.
    rows.sort_unstable();
    cols.sort_unstable();
    Some(Candidate {
        rank: r,
        rows,
        cols,
        p,
    })
}

/// `Auto` resolved by the cost model ([`route`]); explicit routes pass through.
fn resolve_route(a: &ZMatrix, cand: &Candidate, asked: UpperRoute) -> UpperRoute {
    match asked {
        UpperRoute::Auto => route::cheaper(a, cand.rank),
        explicit => explicit,
    }
}

/// More primes, ranks computed in parallel, until their product passes Hadamard's bound
/// on the (r+1)-minors, all with rank ≤ r (the candidate's own prime counts); or the
/// candidate from a prime where the rank is larger.
fn prime_evidence(
    a: &ZMatrix,
    cand: &Candidate,
    primes: &mut impl Iterator<Item = u64>,
) -> Result<std::result::Result<Vec<u64>, Candidate>> {
    let limit = power_of_two(bound::all_minors_bits(a, cand.rank + 1))?;
    let mut list = vec![cand.p];
    let mut product = Integer::from(cand.p);
    let mut fresh = Vec::new();
    while product <= limit {
        let p = next_prime(primes)?;
        if p != cand.p {
            product *= p;
            fresh.push(p);
        }
    }
    // Batches, so a too-small candidate is noticed without computing every rank.
    let batch = 4 * rayon::current_num_threads().max(1);
    for chunk in fresh.chunks(batch) {
        let found: Vec<ModElimination> = chunk.par_iter().map(|&p| rank_mod_p(a, p)).collect();
        if let Some(e) = found
            .into_iter()
            .filter(|e| e.rank > cand.rank)
            .max_by_key(|e| e.rank)
        {
            return Ok(Err(Candidate::from_elimination(e)));
        }
        list.extend_from_slice(chunk);
    }
    Ok(Ok(list))
}

/// Primitive kernel vectors (positive on their free column) from the exactly checked
/// lifting, or `None` when it declines (candidate rank too small, entries or memory
/// beyond its range).
fn kernel_evidence(a: &ZMatrix, cand: &Candidate) -> Option<Vec<Vec<Integer>>> {
    let e = ModElimination {
        p: cand.p,
        rank: cand.rank,
        pivot_rows: cand.rows.clone(),
        pivot_cols: cand.cols.clone(),
    };
    let k = dixon::kernel_basis(a, &e)?;
    let n = a.cols();
    let vectors = (0..k.cols())
        .into_par_iter()
        .map(|c| {
            // Column c is −d on its free column: negate, then divide by the content.
            let mut v: Vec<Integer> = (0..n).map(|j| Integer::from(-&k[(j, c)])).collect();
            let mut g = Integer::new();
            for x in &v {
                g.gcd_mut(x);
            }
            v.iter_mut().for_each(|x| x.div_exact_mut(&g));
            v
        })
        .collect();
    Some(vectors)
}
