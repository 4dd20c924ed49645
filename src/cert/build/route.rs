//! Which upper-bound route is cheaper to *verify*: a kernel basis (one exact product
//! A·N) or a list of primes (one rank mod p per prime). Both costs are estimated from the
//! shape, the rank and Hadamard-bound sizes before any evidence is built.
//!
//! - kernel: m·n·(n−r) multiply-adds of an entry of A (`la` limbs) by a kernel entry,
//!   which Cramer's rule bounds by an r×r minor of A[I, :] (`lk` limbs):
//!   `KERNEL_NS_PER_MAC + la·lk` ns each;
//! - primes: k = ⌈(T+1)/25⌉ primes below 2^26, T = the bits of Hadamard's bound on the
//!   (r+1)×(r+1) minors; each costs a reduction of A (m·n entries, `la` limbs) and an
//!   elimination of r pivots, Σ_{k<r} (m−k)(n−k) ≈ m·n·r − (m+n)·r²/2 + r³/3 mulmods
//!   (`MODP_NS_PER_MULMOD` ns each).
//!
//! The constants are nanoseconds measured with `cargo run --release --example
//! cert_bench` on the development machine (2 cores, 2026-11); only their ratio matters.

use super::UpperRoute;

/// Cost of one big-integer multiply-add with one-limb operands, in ns.
const KERNEL_NS_PER_MAC: f64 = 25.0;
/// Cost of one reduction of a one-limb entry modulo a word prime, in ns.
const REDUCE_NS_PER_ENTRY: f64 = 10.0;
/// Cost of one update in the verifier's elimination (a u64 multiply-add; reductions
/// are delayed), in ns.
const MODP_NS_PER_MULMOD: f64 = 1.5;

fn limbs(bits: u64) -> f64 {
    (bits.max(1) as f64 / 64.0).ceil()
}

/// Estimated verification cost (ns) of the kernel route.
pub(super) fn kernel_cost(m: usize, n: usize, r: usize, entry_bits: u64, kernel_bits: u64) -> f64 {
    let macs = m as f64 * n as f64 * (n - r) as f64;
    macs * (KERNEL_NS_PER_MAC + limbs(entry_bits) * limbs(kernel_bits))
}

/// Estimated verification cost (ns) of the primes route.
pub(super) fn primes_cost(m: usize, n: usize, r: usize, entry_bits: u64, bound_bits: u64) -> f64 {
    let k = ((bound_bits + 1) as f64 / 25.0).ceil().max(1.0);
    let (m, n, r) = (m as f64, n as f64, r as f64);
    let mulmods = m * n * r - (m + n) * r * r / 2.0 + r * r * r / 3.0;
    k * (m * n * REDUCE_NS_PER_ENTRY * limbs(entry_bits) + mulmods * MODP_NS_PER_MULMOD)
}

/// The cheaper route to verify (kernel on ties: its check is a plain product).
pub(super) fn cheaper(kernel: f64, primes: f64) -> UpperRoute {
    if primes < kernel {
        UpperRoute::Primes
    } else {
        UpperRoute::Kernel
    }
}
