//! The exact side of a comparison: the rank over Q, by the cheapest sound route.

use crate::modular::rank_mod_p;
use crate::ZMatrix;

/// The exact rank and how it was obtained.
#[derive(Clone, Debug, PartialEq)]
pub struct ExactRank {
    /// The rank (a lower bound when `exact` is false).
    pub rank: usize,
    /// True when `rank` is the rank over Q; false when it is only a proven lower bound.
    pub exact: bool,
    /// How it was obtained, for people.
    pub how: String,
}

/// Above this `min(m, n)` a matrix that is not full rank modulo a prime gets a proven
/// lower bound instead of a dispatcher call, which would take minutes with the reference
/// Bareiss (it is the LoRA family's 768×768 rounded product that needs this).
pub const DISPATCH_LIMIT: usize = 300;

/// The prime 2^61 − 1: a full-rank result modulo it proves full rank over Q.
const MERSENNE_61: u64 = (1 << 61) - 1;

/// The exact rank of `a` over Q. Full rank modulo a prime is proof of full rank (a minor
/// nonzero mod p is nonzero over Z), so that cheap check runs first; otherwise the
/// dispatcher [`crate::rank::rank`] decides, unless `min(m, n) > DISPATCH_LIMIT`, where
/// the largest rank over three primes is reported as a lower bound (`exact: false`).
///
/// ```
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let e = exrank::float::exact_rank(&a);
/// assert_eq!((e.rank, e.exact), (2, true));
/// ```
pub fn exact_rank(a: &ZMatrix) -> ExactRank {
    let full = a.rows().min(a.cols());
    let first = rank_mod_p(a, MERSENNE_61).rank;
    if first == full {
        return ExactRank {
            rank: full,
            exact: true,
            how: "full rank modulo 2^61-1 (proof of full rank over Q)".into(),
        };
    }
    if full <= DISPATCH_LIMIT {
        let r = crate::rank::rank(a);
        return ExactRank {
            rank: r.rank,
            exact: true,
            how: format!("{} ({})", r.method.name(), r.certainty.label()),
        };
    }
    let primes = [MERSENNE_61, 4_611_686_018_427_387_847, 9_223_372_036_854_775_783];
    let best = primes[1..]
        .iter()
        .map(|&p| rank_mod_p(a, p).rank)
        .fold(first, usize::max);
    ExactRank {
        rank: best,
        exact: false,
        how: "lower bound: largest rank modulo three 61-63-bit primes".into(),
    }
}
