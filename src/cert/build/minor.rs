//! det A[I, J] exactly, output-sensitively (the Abbott–Bronstein–Mulders / Pan idea):
//!
//! 1. a divisor L of det B (B = A[I, J], nonsingular mod the candidate's prime) from one
//!    solve B·y = d·b for a random b by p-adic lifting
//!    ([`crate::modular::dixon::kernel_basis`] on [B | b], checked exactly). With
//!    gcd(d, y) = 1, d is the least common denominator of x = B⁻¹b, and
//!    det B·x = adj(B)·b is integral, so L = d divides det B. For random b, d is the
//!    largest invariant factor of B with high probability, so det B / L is small;
//! 2. t = det B / L by Chinese remaindering of det B·L⁻¹ mod q over primes q ∤ L whose
//!    product Q exceeds 2U / L, where |det B| ≤ U ([`bound::det_bound`], Hadamard's
//!    bound after orthogonalising the rows): |t| ≤ U/L < Q/2, so the symmetric residue
//!    is t. Usually one or two primes; [`det_mod_p`] each.
//!
//! Nothing is hoped: a bad b only makes L smaller and the prime count larger.

use super::residue::{mod_p, Crt};
use super::{bound, next_prime, within_prime_reach, Candidate};
use crate::cert::MinorSolution;
use crate::error::Result;
use crate::modular::{det_mod_p::det_mod_p, dixon, prime::pow_mod, ModElimination};
use crate::ZMatrix;
use faer::Par;
use rand::{Rng, SeedableRng};
use rayon::prelude::*;
use rug::{Assign, Integer};

/// Below this many bits of Hadamard's bound a solve is not worth it (three primes of CRT).
const SOLVE_WORTH_BITS: u64 = 66;

/// det A[rows, cols] exactly and, when a solve was done, its [`MinorSolution`] (which the
/// verifier uses the same way). `seed` picks the random right-hand side.
pub(super) fn exact_minor(
    a: &ZMatrix,
    cand: &Candidate,
    seed: u64,
) -> Result<(Integer, Option<MinorSolution>)> {
    let r = cand.rank;
    if r == 0 {
        return Ok((Integer::from(1), None));
    }
    let h_bits = bound::minor_bits(a, &cand.rows, &cand.cols);
    let mut divisor = Integer::from(1);
    let mut solution = None;
    if h_bits + 1 > SOLVE_WORTH_BITS {
        if let Some(sol) = solve(a, cand, seed) {
            divisor.assign(&sol.denominator);
            solution = Some(sol);
        }
    }
    within_prime_reach(h_bits + 1)?;
    let bound = bound::det_bound(a, &cand.rows, &cand.cols);
    let limit = Integer::from(&bound * 2u32) / &divisor;
    // Primes q ∤ L until their product exceeds the limit; then one determinant each.
    let mut primes = super::prime_stream();
    let mut chosen = Vec::new();
    let mut product = Integer::from(1);
    while product <= limit {
        let q = next_prime(&mut primes)?;
        if !divisor.is_divisible_u(q as u32) {
            product *= q;
            chosen.push(q);
        }
    }
    let par = if chosen.len() == 1 {
        Par::rayon(0)
    } else {
        Par::Seq
    };
    let residues: Vec<u64> = chosen
        .par_iter()
        .map(|&q| {
            let det = det_mod(a, &cand.rows, &cand.cols, q, par);
            let l_inv = pow_mod(mod_p(&divisor, q), q - 2, q);
            (det as u128 * l_inv as u128 % q as u128) as u64
        })
        .collect();
    let mut crt = Crt::new(1);
    for (&q, &t) in chosen.iter().zip(&residues) {
        crt.add(&[t], q);
    }
    let t = crt.values.pop().expect("one value");
    Ok((t * divisor, solution))
}

/// det A[rows, cols] mod p (p < 2²⁶) by the blocked GEMM elimination.
pub(super) fn det_mod(a: &ZMatrix, rows: &[usize], cols: &[usize], p: u64, par: Par) -> u64 {
    let mut m: Vec<f64> = rows
        .iter()
        .flat_map(|&i| cols.iter().map(move |&j| mod_p(&a[(i, j)], p) as f64))
        .collect();
    det_mod_p(&mut m, rows.len(), p, par)
}

/// B·y = d·b for B = A[I, J], a random b, d > 0 and gcd(d, y) = 1; `None` if the lifting
/// declines (entries beyond its range, or too much memory), which only costs primes.
fn solve(a: &ZMatrix, cand: &Candidate, seed: u64) -> Option<MinorSolution> {
    let r = cand.rank;
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let rhs: Vec<Integer> = (0..r)
        .map(|_| Integer::from(rng.gen_range(-(1i64 << 15)..=1 << 15)))
        .collect();
    let aug = ZMatrix::from_fn(r, r + 1, |i, j| {
        if j < r {
            a[(cand.rows[i], cand.cols[j])].clone()
        } else {
            rhs[i].clone()
        }
    });
    let e = ModElimination {
        p: cand.p,
        rank: r,
        pivot_rows: (0..r).collect(),
        pivot_cols: (0..r).collect(),
    };
    // One kernel vector (y, −d) of [B | b], with [B | b]·(y, −d) = 0 checked exactly.
    let k = dixon::kernel_basis(&aug, &e)?;
    let mut y: Vec<Integer> = (0..r).map(|i| k[(i, 0)].clone()).collect();
    let mut d = Integer::from(-&k[(r, 0)]);
    let mut g = d.clone();
    for x in &y {
        g.gcd_mut(x);
    }
    if d <= 0 || g == 0 {
        return None;
    }
    d.div_exact_mut(&g);
    y.iter_mut().for_each(|x| x.div_exact_mut(&g));
    Some(MinorSolution {
        rhs,
        denominator: d,
        numerators: y,
    })
}
