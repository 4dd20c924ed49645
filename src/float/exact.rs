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

/// Work budget (rank mod p × rows × cols) up to which a matrix that is not full rank
/// modulo a prime goes to the dispatcher; beyond it a proven lower bound is reported
/// instead, because the reference Bareiss would take minutes. A round budget, not a tuned
/// threshold: elimination costs about rank·m·n big-integer operations, so a 768×768
/// matrix of rank 4 is cheap and goes through, a 768×768 one of rank 700 does not.
pub const DISPATCH_BUDGET: usize = 300 * 300 * 300;

/// The prime 2^61 − 1: a full-rank result modulo it proves full rank over Q.
const MERSENNE_61: u64 = (1 << 61) - 1;

/// The exact rank of `a` over Q. Full rank modulo a prime is proof of full rank (a minor
/// nonzero mod p is nonzero over Z), so that cheap check runs first; otherwise the
/// dispatcher [`crate::rank::rank`] decides, unless its work would exceed
/// [`DISPATCH_BUDGET`]; then the largest rank over three primes is reported as a lower
/// bound (`exact: false`).
///
/// ```
/// let a = exrank::ZMatrix::from_fn(4, 4, |i, j| (4 * j + i + 1).into());
/// let e = exrank::float::exact_rank(&a);
/// assert_eq!((e.rank, e.exact), (2, true));
/// ```
pub fn exact_rank(a: &ZMatrix) -> ExactRank {
    let full = a.rows().min(a.cols());
    let first = rank_mod_p(a, MERSENNE_61).rank;
    if full == 0 {
        return ExactRank {
            rank: 0,
            exact: true,
            how: "empty matrix".into(),
        };
    }
    if first == full {
        return ExactRank {
            rank: full,
            exact: true,
            how: "full rank modulo 2^61-1 (proof of full rank over Q)".into(),
        };
    }
    if first.saturating_mul(a.rows()).saturating_mul(a.cols()) <= DISPATCH_BUDGET {
        let r = crate::rank::rank(a);
        return ExactRank {
            rank: r.rank,
            exact: true,
            how: format!("{} ({})", r.method.name(), r.certainty.label()),
        };
    }
    let primes = [
        MERSENNE_61,
        4_611_686_018_427_387_847,
        9_223_372_036_854_775_783,
    ];
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
