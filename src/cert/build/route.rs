//! Which upper-bound route `auto` takes: the one the engine finds cheaper to *produce*,
//! by the same cost model `exrank rank` uses for its own proof
//! ([`crate::modular::dixon::dixon_is_cheaper`]): a kernel basis by p-adic lifting when
//! few columns are free (its cost shrinks as r → n), primes otherwise (each prime is one
//! elimination, and their count grows with r).
//!
//! Either way verification is cheap relative to production for the kernel (one exact
//! product A·N) and about one plain elimination per listed prime for the primes (the
//! producer's eliminations run on GEMM, the verifier's are row operations), which
//! `docs/certificate-format.md` measures.

use super::UpperRoute;
use crate::modular::dixon::dixon_is_cheaper;
use crate::ZMatrix;

/// The route `auto` resolves to for a candidate rank `r < min(m, n)`.
pub(super) fn cheaper(a: &ZMatrix, r: usize) -> UpperRoute {
    if dixon_is_cheaper(a, r) {
        UpperRoute::Kernel
    } else {
        UpperRoute::Primes
    }
}
