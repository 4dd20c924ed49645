//! The producer: computes a rank and the [`Certificate`] that proves it.
//!
//! 1. Candidate rank, rows I and columns J: the caller's pivots ([`CertParams::pivots`])
//!    if A[I, J] is nonsingular mod a prime, else elimination modulo two primes
//!    ([`crate::modular::rank_mod_p`]); the larger rank wins (rank mod p ≤ rank over Q,
//!    so a smaller one is an unlucky prime). A[I, J] is nonsingular mod that prime.
//! 2. det A[I, J] exactly, by Chinese remaindering its residues modulo primes whose
//!    product exceeds twice its Hadamard bound (in the kernel route, from the same
//!    eliminations that give the kernel).
//! 3. Upper bound, by the route in [`CertParams`]:
//!    - kernel: D·A[I,J]⁻¹·A[I,F] (F = free columns) by remaindering, which Cramer's rule
//!      makes integral and bounded; each column made primitive; then A·N = 0 is checked
//!      exactly. If it fails the candidate rank was too small (all primes unlucky): the
//!      exact Bareiss elimination supplies the rank and pivots and we start again;
//!    - primes: rank mod more primes until their product passes Hadamard's bound on the
//!      (r+1)-minors; a prime where the rank is larger replaces the candidate and we
//!      start again (the rank only grows, so this ends).
//!
//! Nothing here is trusted by [`crate::cert::verify`], which re-checks everything.

mod bound;
mod residue;
mod route;

use super::certificate::{Certificate, UpperBound};
use super::fingerprint::fingerprint;
use crate::error::{Error, Result};
use crate::modular::{prime::is_prime, rank_mod_p};
use crate::{bareiss, ZMatrix};
use residue::{det_mod_p, gauss_jordan, residues, Crt};
use rug::Integer;

/// Which evidence to give for `rank ≤ r` (when r < min(m, n)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UpperRoute {
    /// The one estimated cheaper to verify (see the `route` cost model in the docs).
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

/// The producer's primes: every prime below 2^26, descending (deterministic, so the same
/// matrix always gets the same certificate; their product has about 9.7·10^7 bits). Below 2^26 because a verifier can then
/// eliminate modulo a listed prime with one u64 multiply-add per update and a reduction
/// only every few thousand pivots (the usual word-size choice, as in FFLAS-FFPACK).
///
/// ```
/// let p: Vec<u64> = exrank::cert::prime_stream().take(2).collect();
/// assert!(p[0] > p[1] && p[0] < 1 << 26);
/// ```
pub fn prime_stream() -> impl Iterator<Item = u64> {
    (2u64..1 << 26).rev().filter(|&q| is_prime(q))
}

/// Bound sizes (bits) the producer's primes can reconstruct with room to spare.
const MAX_BOUND_BITS: u64 = 90_000_000;

/// 2^bits, or an error if that is beyond what the primes below 2^26 can reach.
fn power_of_two(bits: u64) -> Result<Integer> {
    if bits > MAX_BOUND_BITS {
        return Err(too_large(bits));
    }
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

/// A candidate rank with its pivots.
struct Candidate {
    rank: usize,
    rows: Vec<usize>,
    cols: Vec<usize>,
}

/// Builds a certificate for the rank of `a` over Q.
///
/// # Errors
/// [`Error::TooLarge`] when Hadamard's bound needs more than 9·10^7 bits, more than the
/// primes below 2^26 reconstruct (e.g. a 100×100 minor of 900,000-bit entries).
///
/// ```
/// use exrank::{cert, ZMatrix};
/// let a = ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let c = cert::build(&a, &cert::CertParams::default()).unwrap();
/// assert_eq!(c.rank, 2);
/// assert_eq!(cert::verify(&a, &c), cert::Verdict::Certified(2));
/// ```
pub fn build(a: &ZMatrix, params: &CertParams) -> Result<Certificate> {
    let (m, n) = (a.rows(), a.cols());
    let mut primes = prime_stream();
    // Ranks seen so far, with their primes: the primes route reuses them.
    let mut seen: Vec<(u64, usize)> = Vec::new();
    let mut best: Option<Candidate> = params
        .pivots
        .as_ref()
        .and_then(|(rows, cols)| usable_hint(a, rows, cols));
    let tries = if best.is_some() { 0 } else { 2 };
    for _ in 0..tries {
        let p = next_prime(&mut primes)?;
        let e = rank_mod_p(a, p);
        seen.push((p, e.rank));
        if best.as_ref().map_or(true, |b| e.rank > b.rank) {
            best = Some(Candidate {
                rank: e.rank,
                rows: e.pivot_rows,
                cols: e.pivot_cols,
            });
        }
    }
    let mut cand = best.expect("a hint or two primes tried");
    loop {
        let r = cand.rank;
        let route = if r == m.min(n) {
            None
        } else {
            Some(resolve_route(a, &cand, params.upper))
        };
        let (minor, upper) = match route {
            None => (exact_minor(a, &cand.rows, &cand.cols)?, UpperBound::Trivial),
            // The kernel's remaindering yields the minor too (one elimination per prime).
            Some(UpperRoute::Kernel) => match kernel_evidence(a, &cand)? {
                Some((minor, vs)) => (minor, UpperBound::Kernel(vs)),
                None => {
                    let e = bareiss::eliminate(a);
                    cand = Candidate {
                        rank: e.rank,
                        rows: e.pivot_rows,
                        cols: e.pivot_cols,
                    };
                    continue;
                }
            },
            Some(_) => match prime_evidence(a, r, &seen, &mut primes)? {
                Ok(ps) => (
                    exact_minor(a, &cand.rows, &cand.cols)?,
                    UpperBound::Primes(ps),
                ),
                Err((p, bigger)) => {
                    seen.push((p, bigger.rank));
                    cand = bigger;
                    continue;
                }
            },
        };
        // |minor| is below the product of the primes used, so one of them does not divide it.
        let minor_prime = prime_stream()
            .find(|&p| !minor.is_divisible(&Integer::from(p)))
            .ok_or_else(|| too_large(MAX_BOUND_BITS))?;
        return Ok(Certificate {
            rows: m,
            cols: n,
            fingerprint: fingerprint(a),
            rank: r,
            row_set: cand.rows,
            col_set: cand.cols,
            minor,
            minor_prime,
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
    if !valid || det_mod_p(residues(a, rows, cols, p), r, p) == 0 {
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
    })
}

/// `Auto` resolved by the cost model; explicit routes pass through.
fn resolve_route(a: &ZMatrix, cand: &Candidate, asked: UpperRoute) -> UpperRoute {
    if asked != UpperRoute::Auto {
        return asked;
    }
    let (m, n, r) = (a.rows(), a.cols(), cand.rank);
    let all_cols: Vec<usize> = (0..n).collect();
    let kernel_bits = bound::minor_bits(a, &cand.rows, &all_cols);
    let entry_bits = a.max_bits() as u64;
    route::cheaper(
        route::kernel_cost(m, n, r, entry_bits, kernel_bits),
        route::primes_cost(m, n, r, entry_bits, bound::all_minors_bits(a, r + 1)),
    )
}

/// det A[rows, cols] exactly (1 for the empty minor).
fn exact_minor(a: &ZMatrix, rows: &[usize], cols: &[usize]) -> Result<Integer> {
    let r = rows.len();
    // |det| ≤ 2^bits, so residues modulo a product above 2^(bits+1) determine it.
    let limit = power_of_two(bound::minor_bits(a, rows, cols) + 1)?;
    let mut crt = Crt::new(1);
    let mut primes = prime_stream();
    while crt.modulus <= limit {
        let p = next_prime(&mut primes)?;
        crt.add(&[det_mod_p(residues(a, rows, cols, p), r, p)], p);
    }
    Ok(crt.values.pop().expect("one value"))
}

/// What [`prime_evidence`] found: enough primes, or a prime where the rank is larger.
type PrimeOutcome = std::result::Result<Vec<u64>, (u64, Candidate)>;

/// More primes until their product passes Hadamard's bound on the (r+1)-minors, all with
/// rank ≤ r; or the first prime whose rank is larger, as a better candidate.
fn prime_evidence(
    a: &ZMatrix,
    r: usize,
    seen: &[(u64, usize)],
    primes: &mut impl Iterator<Item = u64>,
) -> Result<PrimeOutcome> {
    let limit = power_of_two(bound::all_minors_bits(a, r + 1))?;
    let mut list: Vec<u64> = seen.iter().map(|&(p, _)| p).collect();
    let mut product: Integer = list.iter().map(|&p| Integer::from(p)).product();
    while product <= limit {
        let p = next_prime(primes)?;
        let e = rank_mod_p(a, p);
        if e.rank > r {
            return Ok(Err((
                p,
                Candidate {
                    rank: e.rank,
                    rows: e.pivot_rows,
                    cols: e.pivot_cols,
                },
            )));
        }
        product *= p;
        list.push(p);
    }
    Ok(Ok(list))
}

/// det A[I, J] and kernel vectors with a scaled identity block on the free columns, or
/// `None` when A·N ≠ 0 (the candidate rank is too small).
fn kernel_evidence(a: &ZMatrix, cand: &Candidate) -> Result<Option<(Integer, Vec<Vec<Integer>>)>> {
    let (m, n, r) = (a.rows(), a.cols(), cand.rank);
    let free: Vec<usize> = (0..n).filter(|c| !cand.cols.contains(c)).collect();
    let order: Vec<usize> = cand.cols.iter().chain(&free).copied().collect();
    let all_cols: Vec<usize> = (0..n).collect();
    // D and X = D·A[I,J]⁻¹·A[I,F]: by Cramer each is an r×r minor of A[I, :], so all are
    // determined by residues modulo a product above twice that Hadamard bound.
    let limit = power_of_two(bound::minor_bits(a, &cand.rows, &all_cols) + 1)?;
    let w = n - r;
    // Slot 0 is D, then X row-major.
    let mut crt = Crt::new(1 + r * w);
    let mut primes = prime_stream();
    while crt.modulus <= limit {
        let p = next_prime(&mut primes)?;
        let mut aug = residues(a, &cand.rows, &order, p);
        let d = gauss_jordan(&mut aug, r, n, p);
        if d == 0 {
            continue; // p divides D: skip it.
        }
        let mut values = Vec::with_capacity(1 + r * w);
        values.push(d);
        for k in 0..r {
            for t in 0..w {
                values.push(residue::mul_mod(aug[k * n + r + t], d, p));
            }
        }
        crt.add(&values, p);
    }
    let minor = crt.values[0].clone();
    let x = &crt.values[1..];
    let mut vectors = Vec::with_capacity(w);
    for (t, &f) in free.iter().enumerate() {
        let mut v = vec![Integer::new(); n];
        for (k, &j) in cand.cols.iter().enumerate() {
            v[j] = Integer::from(-&x[k * w + t]);
        }
        v[f] = minor.clone();
        let mut g = Integer::new();
        for x in &v {
            g.gcd_mut(x);
        }
        if v[f] < 0 {
            g = -g; // a positive entry on the identity block reads best
        }
        for x in v.iter_mut() {
            x.div_exact_mut(&g);
        }
        // Rows in I are annihilated by construction; the others prove the rank.
        for i in (0..m).filter(|i| !cand.rows.contains(i)) {
            let mut s = Integer::new();
            for (x, y) in a.row(i).iter().zip(&v) {
                s += x * y;
            }
            if s != 0 {
                return Ok(None);
            }
        }
        vectors.push(v);
    }
    Ok(Some((minor, vectors)))
}
